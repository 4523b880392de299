using System.ComponentModel.DataAnnotations;

namespace DataUnion.Node.Contributions;

/// <summary>Settings of the <c>Contributions</c> section: uploads, consent and fairness statistics.</summary>
public sealed class ContributionOptions : IValidatableObject
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Contributions";

    /// <summary>How long an upload waits for its signed consent before it expires and is unpinned. Default 24 hours.</summary>
    public TimeSpan ConsentWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often expired uploads are looked for. Default 5 minutes.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Images in one upload request. Default 20.</summary>
    [Range(1, 1000, ErrorMessage = "Contributions:MaxFilesPerUpload must be between 1 and 1000")]
    public int MaxFilesPerUpload { get; set; } = 20;

    /// <summary>Uploads of one member that may await consent at once; more is a 429. Default 200.</summary>
    [Range(1, 100_000, ErrorMessage = "Contributions:MaxAwaitingConsent must be between 1 and 100000")]
    public int MaxAwaitingConsent { get; set; } = 200;

    /// <summary>Largest upload request body, in bytes. Default 64 MiB.</summary>
    [Range(1024L, 4L * 1024 * 1024 * 1024, ErrorMessage = "Contributions:MaxUploadBytes must be between 1 KiB and 4 GiB")]
    public long MaxUploadBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The licence contributors grant; its id goes into every consent. Default <see cref="ContributorLicence.DefaultId"/>.</summary>
    public string LicenceId { get; set; } = ContributorLicence.DefaultId;

    /// <summary>
    /// A file with the licence's full text (UTF-8), whose keccak256 goes into every consent. Default
    /// none: the node's built-in text of <see cref="ContributorLicence.DefaultId"/>. Set it whenever
    /// <see cref="LicenceId"/> names another licence.
    /// </summary>
    public string? LicenceFile { get; set; }

    /// <summary>
    /// The self-declared attributes a contributor may give, each with its allowed values; default
    /// <see cref="AttributeVocabulary.Default"/>. "prefer-not-to-say" is always allowed.
    /// </summary>
    public Dictionary<string, List<string>>? Attributes { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ConsentWindow < TimeSpan.FromSeconds(1) || ConsentWindow > TimeSpan.FromDays(30))
        {
            yield return new ValidationResult($"Contributions:ConsentWindow must be between 1 second and 30 days, got {ConsentWindow}");
        }

        if (SweepInterval < TimeSpan.FromMilliseconds(100) || SweepInterval > TimeSpan.FromDays(1))
        {
            yield return new ValidationResult($"Contributions:SweepInterval must be between 100 ms and 1 day, got {SweepInterval}");
        }

        if (string.IsNullOrWhiteSpace(LicenceId) || LicenceId.Length > 100 || !LicenceId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+'))
        {
            yield return new ValidationResult($"Contributions:LicenceId must be 1 to 100 characters of letters, digits and . - _ +, got '{LicenceId}'");
        }
        else if (LicenceFile is null && LicenceId != ContributorLicence.DefaultId)
        {
            yield return new ValidationResult($"Contributions:LicenceId '{LicenceId}' needs Contributions:LicenceFile with its full text (the built-in text is {ContributorLicence.DefaultId}'s)");
        }

        if (Attributes is not null)
        {
            foreach (var problem in AttributeVocabulary.Problems(Attributes))
            {
                yield return new ValidationResult($"Contributions:Attributes: {problem}");
            }
        }
    }
}
