using System.Numerics;

namespace DataUnion.Chain.Indexing;

/// <summary>One published dataset version as the events tell it.</summary>
/// <param name="VersionId">Version id.</param>
/// <param name="DatasetId">Dataset it belongs to.</param>
/// <param name="Published">Its VersionPublished event (roots, price, manifest CID in the fields).</param>
/// <param name="Retired">Its VersionRetired event, or null while on sale.</param>
/// <param name="Purchases">Number of purchases.</param>
/// <param name="Revenue">Sum of the prices paid, fee included.</param>
/// <param name="Claimed">Sum claimed by co-owners.</param>
public sealed record VersionHistory(BigInteger VersionId, BigInteger DatasetId, ChainEvent Published, ChainEvent? Retired, int Purchases, BigInteger Revenue, BigInteger Claimed);
