using DataUnion.Core.Content;
using DataUnion.Node.Apis.Problems;

namespace DataUnion.Node.Apis.KuboRpc;

/// <summary>Query arguments as kubo reads them, with errors that name the argument.</summary>
internal static class KuboRpcArgs
{
    public static IReadOnlyList<Cid> Cids(HttpRequest request)
    {
        var args = request.Query["arg"];
        if (args.Count == 0)
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, "argument \"arg\" is required: a CID");
        }

        return args.Select(a => Cid(a!)).ToList();
    }

    public static Cid Cid(string text)
    {
        // kubo accepts /ipfs/<cid> paths as arguments too.
        var value = text.StartsWith("/ipfs/", StringComparison.Ordinal) ? text["/ipfs/".Length..] : text;
        return Core.Content.Cid.TryParse(value, out var cid, out var error)
            ? cid!
            : throw new ProblemException(StatusCodes.Status400BadRequest, $"invalid CID \"{text}\": {error}");
    }

    public static bool Bool(HttpRequest request, string name, bool fallback)
    {
        var value = request.Query[name].ToString();
        return value.Length == 0 ? fallback : bool.TryParse(value, out var parsed) ? parsed
            : throw new ProblemException(StatusCodes.Status400BadRequest, $"argument \"{name}\" must be true or false, got \"{value}\"");
    }

    public static bool? OptionalBool(HttpRequest request, string name) =>
        request.Query.ContainsKey(name) ? Bool(request, name, fallback: false) : null;

    public static int Int(HttpRequest request, string name, int fallback, int min, int max)
    {
        var value = request.Query[name].ToString();
        if (value.Length == 0)
        {
            return fallback;
        }

        return int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max
            ? parsed
            : throw new ProblemException(StatusCodes.Status400BadRequest, $"argument \"{name}\" must be an integer from {min} to {max}, got \"{value}\"");
    }
}
