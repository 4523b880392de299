namespace DataUnion.Ipfs.Blocks;

/// <summary>
/// The writes of one operation (an add, a CAR import), made durable and visible together by
/// <see cref="Commit"/>. A crash before the commit leaves none of them visible.
/// </summary>
public interface IBlockWriteBatch
{
    /// <summary>Blocks written and not yet committed.</summary>
    int PendingCount { get; }

    /// <summary>Makes every block of the batch durable and visible.</summary>
    void Commit();
}
