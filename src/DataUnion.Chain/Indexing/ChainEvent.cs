using System.Numerics;

namespace DataUnion.Chain.Indexing;

/// <summary>
/// One indexed contract event. <see cref="Account"/> is the party the event is about (buyer,
/// claiming co-owner, labeler; the publishing contract's token for a version) and
/// <see cref="Amount"/> its token amount; the other fields are in <see cref="Fields"/>.
/// </summary>
/// <param name="Kind">Which event.</param>
/// <param name="BlockNumber">Block it is in.</param>
/// <param name="BlockHash">Hash of that block.</param>
/// <param name="TransactionHash">Transaction that emitted it.</param>
/// <param name="LogIndex">Position of the log in the block.</param>
/// <param name="Contract">Emitting contract.</param>
/// <param name="VersionId">Dataset version, for market events.</param>
/// <param name="Account">Buyer, co-owner or labeler (lower-case), or null.</param>
/// <param name="Amount">Token amount in base units (price, claim, stake), or null.</param>
/// <param name="Fields">Every other field by its Solidity name, as text (numbers in decimal, bytes in 0x-hex).</param>
public sealed record ChainEvent(
    ChainEventKind Kind,
    long BlockNumber,
    string BlockHash,
    string TransactionHash,
    long LogIndex,
    string Contract,
    BigInteger? VersionId,
    string? Account,
    BigInteger? Amount,
    IReadOnlyDictionary<string, string> Fields);
