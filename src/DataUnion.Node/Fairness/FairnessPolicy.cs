using DataUnion.Core.Fairness;
using DataUnion.Node.Contributions;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Fairness;

/// <summary>Builds a version's composition with the node's vocabulary, k and targets.</summary>
public sealed class FairnessPolicy(AttributeVocabulary vocabulary, IOptions<FairnessOptions> options)
{
    /// <summary>The settings.</summary>
    public FairnessOptions Options => options.Value;

    /// <summary>The attributes and their values.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Vocabulary => vocabulary.Attributes;

    /// <summary>The composition of these images, or why there is none (no declared attributes, fewer contributors than k).</summary>
    public CompositionSummary Summarize(IReadOnlyList<ContributedImage> images)
    {
        try
        {
            return new CompositionSummary(CompositionBuilder.Build(images, vocabulary.Attributes, options.Value.MinContributors, options.Value.TargetShares()), null);
        }
        catch (ArgumentException e)
        {
            return new CompositionSummary(null, e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal));
        }
    }
}
