using System.ComponentModel.DataAnnotations;

namespace DataUnion.Node.Replication;

/// <summary>Settings of the <c>Replication</c> section: where pins are copied and how often the queue runs.</summary>
public sealed class ReplicationOptions : IValidatableObject
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Replication";

    /// <summary>How often the queue is worked. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00", ErrorMessage = "Replication:Interval must be between 50 ms and 1 hour")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait between retries of one entry. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00", ErrorMessage = "Replication:MaxBackoff must be between 50 ms and 1 day")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether pinning-service requests may name origins inside this network (loopback, private,
    /// link-local addresses) to fetch content from. Default false: see <see cref="OriginAddresses"/>.
    /// </summary>
    public bool AllowPrivateOrigins { get; set; }

    /// <summary>Remote services; empty means no replication.</summary>
    public List<ReplicationTarget> Targets { get; set; } = [];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Targets.Count; i++)
        {
            var target = Targets[i];
            var key = $"Replication:Targets:{i}";
            if (string.IsNullOrWhiteSpace(target.Name) || !names.Add(target.Name))
            {
                yield return new ValidationResult($"{key}:Name must be set and unique, got '{target.Name}'");
            }

            if (target.Kind is not (ReplicationTarget.KuboRpc or ReplicationTarget.PinningService))
            {
                yield return new ValidationResult($"{key}:Kind must be '{ReplicationTarget.KuboRpc}' or '{ReplicationTarget.PinningService}', got '{target.Kind}'");
            }

            if (!Uri.TryCreate(target.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                yield return new ValidationResult($"{key}:Url must be an absolute http or https URL, got '{target.Url}'");
            }

            if (!string.IsNullOrWhiteSpace(target.TokenFile) && !File.Exists(target.TokenFile))
            {
                yield return new ValidationResult($"{key}:TokenFile '{target.TokenFile}' does not exist");
            }

            if (target.Kind == ReplicationTarget.PinningService && string.IsNullOrWhiteSpace(target.Token) && string.IsNullOrWhiteSpace(target.TokenFile))
            {
                yield return new ValidationResult($"{key} is a pinning service and needs Token or TokenFile (its access token)");
            }
        }
    }
}
