namespace DataUnion.Chain.Rpc;

/// <summary>One log as <c>eth_getLogs</c> gives it: hex strings as sent, numbers parsed.</summary>
/// <param name="Address">The emitting contract (0x-hex).</param>
/// <param name="Topics">Topic 0 (the event signature) first, each 0x-hex.</param>
/// <param name="Data">The non-indexed data (0x-hex).</param>
/// <param name="BlockNumber">Block it is in.</param>
/// <param name="BlockHash">Hash of that block (0x-hex).</param>
/// <param name="TransactionHash">Transaction that emitted it (0x-hex).</param>
/// <param name="LogIndex">Position of the log in the block.</param>
/// <param name="Removed">True when the node reports it as removed by a reorg.</param>
public sealed record ChainLog(
    string Address, IReadOnlyList<string> Topics, string Data, long BlockNumber, string BlockHash, string TransactionHash, long LogIndex, bool Removed);
