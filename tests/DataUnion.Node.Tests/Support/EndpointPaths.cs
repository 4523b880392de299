using Microsoft.AspNetCore.Routing;

namespace DataUnion.Node.Tests.Support;

/// <summary>Request paths for an endpoint found in the app's endpoint data source.</summary>
public static class EndpointPaths
{
    /// <summary>The endpoint's route with every parameter replaced by each of <paramref name="values"/>.</summary>
    public static IEnumerable<string> For(RouteEndpoint endpoint, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var pattern = endpoint.RoutePattern;
        if (pattern.Parameters.Count == 0)
        {
            yield return "/" + pattern.RawText!.TrimStart('/');
            yield break;
        }

        foreach (var value in values)
        {
            var path = pattern.RawText!;
            foreach (var parameter in pattern.Parameters)
            {
                path = path.Replace("{**" + parameter.Name + "}", value, StringComparison.Ordinal)
                    .Replace("{" + parameter.Name + "}", value, StringComparison.Ordinal);
            }

            yield return "/" + path.TrimStart('/');
        }
    }
}
