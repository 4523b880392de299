using System.ComponentModel.DataAnnotations;

namespace DataUnion.Node.Versions;

/// <summary>Gasless claims: the node sends a co-owner's signed <c>claimWithSig</c> and pays its gas (section <c>Relay</c>).</summary>
public sealed class RelayOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Relay";

    /// <summary>False: the node relays no claims (503), and co-owners claim from their own wallets. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gas the node spends on relayed claims per UTC day, counted by each claim's estimate; over it, 503 until midnight UTC. Default 3,000,000.</summary>
    [Range(0, long.MaxValue, ErrorMessage = "Relay:MaxGasPerDay must not be negative")]
    public long MaxGasPerDay { get; set; } = 3_000_000;

    /// <summary>Most versions in one relayed claim. Default 50.</summary>
    [Range(1, 500, ErrorMessage = "Relay:MaxVersionsPerClaim must be between 1 and 500")]
    public int MaxVersionsPerClaim { get; set; } = 50;
}
