using DataUnion.Core.Content;

namespace DataUnion.Ipfs.Store;

/// <summary>What a CAR import stored.</summary>
/// <param name="Roots">The roots the CAR header named (pinned when asked).</param>
/// <param name="BlockCount">Blocks read and verified.</param>
public sealed record CarImportResult(IReadOnlyList<Cid> Roots, int BlockCount);
