using DataUnion.Core.Labeling;
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
        catch (LabelingException ex)
        {
            return Problem(ex.Kind, ex.Problems);
        }
        catch (StakeUnavailableException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Stakes unavailable", detail: $"{ex.Message}; nothing was changed, try again");
        }
    }

    private static ProblemHttpResult Problem(LabelingErrorKind kind, IReadOnlyList<string> problems)
    {
        var (status, title) = kind switch
        {
            LabelingErrorKind.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            LabelingErrorKind.NotAssigned => (StatusCodes.Status403Forbidden, "Not assigned to you"),
            LabelingErrorKind.Refused => (StatusCodes.Status403Forbidden, "Not allowed to label"),
            LabelingErrorKind.Duplicate => (StatusCodes.Status409Conflict, "Duplicate"),
            LabelingErrorKind.Late => (StatusCodes.Status410Gone, "Bundle expired"),
            LabelingErrorKind.TooFast => (StatusCodes.Status422UnprocessableEntity, "Too fast to be real"),
            LabelingErrorKind.NoWork => (StatusCodes.Status404NotFound, "No work"),
            _ => (StatusCodes.Status400BadRequest, "Bad request"),
        };
        return TypedResults.Problem(
            statusCode: status, title: title, detail: string.Join("; ", problems),
            extensions: new Dictionary<string, object?> { ["problems"] = problems, ["kind"] = kind.ToString() });
    }
}
