using System.ComponentModel.DataAnnotations;

namespace DataUnion.Chain.Indexing;

/// <summary>Settings of the <c>Chain:Indexer</c> configuration section.</summary>
public sealed class IndexerOptions : IValidatableObject
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Chain:Indexer";

    /// <summary>Follow the contracts' events. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Block hashes kept to detect reorgs; a deeper reorg re-indexes from the deploy block. Default 128.</summary>
    [Range(2, 100_000, ErrorMessage = "Chain:Indexer:ReorgDepth must be between 2 and 100000")]
    public int ReorgDepth { get; set; } = 128;

    /// <summary>
    /// Blocks per <c>eth_getLogs</c> call at start; the size then adapts. Default 10: small, so a
    /// dense stretch of events is not read in one huge answer (which many providers refuse over
    /// 10,000 logs, which costs a node more per log than several small ones, and which leaves
    /// nothing to overlap with the commits), while doubling after each sparse answer reaches
    /// <see cref="MaxRange"/> within 14 calls.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Chain:Indexer:InitialRange must be between 1 and 1000000")]
    public int InitialRange { get; set; } = 10;

    /// <summary>Most blocks per <c>eth_getLogs</c> call. Default 100,000.</summary>
    [Range(1, 10_000_000, ErrorMessage = "Chain:Indexer:MaxRange must be between 1 and 10000000")]
    public int MaxRange { get; set; } = 100_000;

    /// <summary>Logs per call the range size aims at: more scales the range down to it, under half doubles it. Default 3000.</summary>
    [Range(10, 1_000_000, ErrorMessage = "Chain:Indexer:TargetLogsPerRange must be between 10 and 1000000")]
    public int TargetLogsPerRange { get; set; } = 3_000;

    /// <summary>
    /// <c>eth_getLogs</c> calls under way at once while catching up. Default 2: the node prepares
    /// the next answer while this one is parsed. 1 for providers that refuse concurrent calls.
    /// </summary>
    [Range(1, 8, ErrorMessage = "Chain:Indexer:ReadsInFlight must be between 1 and 8")]
    public int ReadsInFlight { get; set; } = 2;

    /// <summary>Wait between passes once caught up. Default 2 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (InitialRange > MaxRange)
        {
            yield return new ValidationResult($"Chain:Indexer:InitialRange ({InitialRange}) must not exceed Chain:Indexer:MaxRange ({MaxRange})", [nameof(InitialRange)]);
        }

        if (PollInterval <= TimeSpan.Zero || PollInterval > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult($"Chain:Indexer:PollInterval must be positive and at most an hour, got {PollInterval}", [nameof(PollInterval)]);
        }
    }
}
