using System.Reflection;
using DataUnion.Chain.Signing;

namespace DataUnion.Node.Contributions;

/// <summary>
/// The licence contributors grant: its id and full text, whose keccak256 every consent carries,
/// so what was agreed to can be checked word for word.
/// </summary>
/// <param name="Id">The licence's id.</param>
/// <param name="Text">Its full text.</param>
public sealed record ContributorLicence(string Id, string Text)
{
    /// <summary>The id of the built-in licence.</summary>
    public const string DefaultId = "DataUnion-Contributor-1.0";

    /// <summary>keccak256 of the text's UTF-8 bytes, 0x hex.</summary>
    public string Hash { get; } = "0x" + Convert.ToHexStringLower(ConsentSigner.Keccak(Text));

    /// <summary>The licence the settings name: the built-in text, or the configured file's.</summary>
    public static ContributorLicence From(ContributionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.LicenceFile is null)
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("DataUnion.Node.Contributions.ContributorLicence.txt")
                ?? throw new InvalidOperationException("the built-in licence text is missing from the assembly");
            using var reader = new StreamReader(stream);
            return new ContributorLicence(DefaultId, reader.ReadToEnd());
        }

        try
        {
            var text = File.ReadAllText(options.LicenceFile);
            return string.IsNullOrWhiteSpace(text)
                ? throw new Hosting.NodeStartupException($"Contributions:LicenceFile '{options.LicenceFile}' is empty; it must hold the licence's full text")
                : new ContributorLicence(options.LicenceId, text);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new Hosting.NodeStartupException($"Contributions:LicenceFile '{options.LicenceFile}' cannot be read: {ex.Message}", ex);
        }
    }
}
