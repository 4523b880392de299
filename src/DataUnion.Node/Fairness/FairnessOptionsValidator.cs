using DataUnion.Core.Fairness;
using DataUnion.Node.Contributions;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Fairness;

/// <summary>Stops the start when a target names an attribute or value the node does not ask for, or its shares do not add up to 1.</summary>
public sealed class FairnessOptionsValidator(IOptions<ContributionOptions> contributions) : IValidateOptions<FairnessOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, FairnessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var vocabulary = new AttributeVocabulary(contributions.Value.Attributes);
        var problems = CompositionBuilder.TargetProblems(vocabulary.Attributes, options.TargetShares());
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => $"Fairness:Targets: {p}"));
    }
}
