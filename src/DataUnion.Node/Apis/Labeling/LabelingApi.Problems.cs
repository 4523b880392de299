using DataUnion.Core.Labeling;
using DataUnion.Node.Apis.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataUnion.Node.Apis.Labeling;

public static partial class LabelingApi
{
    /// <summary>Boxes from JSON; each malformed one is a problem naming its place.</summary>
    private static List<LabeledBox> Boxes(List<BoxJson> boxes, string where, List<string> problems)
    {
        var result = new List<LabeledBox>();
        for (var i = 0; i < boxes.Count; i++)
        {
            var box = boxes[i];
            if (box?.Label is null || box.Box is not { Length: 4 })
            {
                problems.Add($"{where}, box {i}: expected {{\"label\": <class>, \"box\": [x, y, width, height]}}");
                continue;
            }

            result.Add(new LabeledBox(box.Label, new Box(box.Box[0], box.Box[1], box.Box[2], box.Box[3])));
        }

        return result;
    }

    /// <summary>Runs an engine call, turning its refusals into problem answers with every problem listed.</summary>
    private static Results<Ok<T>, ProblemHttpResult> Run<T>(Func<T> call)
    {
        try
        {
            return TypedResults.Ok(call());
        }
        catch (Exception ex) when (ex is LabelingException or StakeUnavailableException)
        {
            return ApiProblems.Describe(ex)!.ToResult();
        }
    }

    private static ProblemHttpResult Problem(LabelingErrorKind kind, IReadOnlyList<string> problems) => ApiProblems.Labeling(kind, problems).ToResult();
}
