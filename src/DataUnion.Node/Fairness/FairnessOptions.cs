using System.ComponentModel.DataAnnotations;
using DataUnion.Core.Fairness;

namespace DataUnion.Node.Fairness;

/// <summary>The <c>Fairness</c> section: how versions report who they represent and how detectors do per group.</summary>
public sealed class FairnessOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Fairness";

    /// <summary>k: the fewest contributors a published figure may describe. Default 10.</summary>
    [Range(2, 1_000_000, ErrorMessage = "Fairness:MinContributors must be between 2 and 1000000")]
    public int MinContributors { get; set; } = CompositionBuilder.DefaultMinContributors;

    /// <summary>
    /// Target shares per attribute and value (<c>Fairness:Targets:region:africa=0.17</c>), each
    /// attribute's adding up to 1; an attribute without one is measured against a uniform share.
    /// </summary>
    public Dictionary<string, Dictionary<string, double>> Targets { get; set; } = [];

    /// <summary>Bootstrap resamples of a detector evaluation. Default 1000.</summary>
    [Range(100, 100_000, ErrorMessage = "Fairness:BootstrapResamples must be between 100 and 100000")]
    public int BootstrapResamples { get; set; } = 1000;

    /// <summary>The bootstrap's seed, so an evaluation can be reproduced. Default 1.</summary>
    public int BootstrapSeed { get; set; } = 1;

    /// <summary>The precision recall is read at. Default 0.9.</summary>
    [Range(0.01, 1.0, ErrorMessage = "Fairness:Precision must be between 0.01 and 1")]
    public double Precision { get; set; } = 0.9;

    /// <summary>The targets as the composition takes them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> TargetShares() =>
        Targets.ToDictionary(t => t.Key, t => (IReadOnlyDictionary<string, double>)t.Value, StringComparer.Ordinal);
}
