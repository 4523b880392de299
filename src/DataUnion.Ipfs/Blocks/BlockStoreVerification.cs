namespace DataUnion.Ipfs.Blocks;

/// <summary>What <see cref="IBlockStore.Verify"/> found.</summary>
/// <param name="BlocksChecked">Blocks read and hashed.</param>
/// <param name="Problems">One line per damaged or foreign file.</param>
/// <param name="TemporaryFilesRemoved">Partial writes of interrupted adds that were deleted.</param>
public sealed record BlockStoreVerification(int BlocksChecked, IReadOnlyList<string> Problems, int TemporaryFilesRemoved)
{
    /// <summary>True when every block matched its hash.</summary>
    public bool IsHealthy => Problems.Count == 0;
}
