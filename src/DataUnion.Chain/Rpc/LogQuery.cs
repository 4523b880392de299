namespace DataUnion.Chain.Rpc;

/// <summary>An <c>eth_getLogs</c> filter over a block range.</summary>
/// <param name="From">First block.</param>
/// <param name="To">Last block, included.</param>
/// <param name="Addresses">Emitting contracts; a log of any of them matches.</param>
/// <param name="Topics">Per topic position, the values that match (any of them), or null for any value.</param>
public sealed record LogQuery(long From, long To, IReadOnlyList<string> Addresses, IReadOnlyList<IReadOnlyList<string>?> Topics);
