using DataUnion.Node.Apis.Problems;
using DataUnion.Node.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Hosting;

/// <summary>
/// Checks every request makes before its endpoint runs: TRACE and TRACK are refused (they echo
/// requests, credentials included), and the body limit follows who may call the endpoint: an
/// endpoint's own limit, else <see cref="HttpOptions.AnonymousMaxRequestBodyBytes"/> for anonymous
/// ones, <see cref="HttpOptions.MemberMaxRequestBodyBytes"/> for signed-in wallets, and
/// <see cref="HttpOptions.MaxRequestBodyBytes"/> for the operator.
/// </summary>
public static class RequestGuards
{
    private static readonly string[] RefusedMethods = ["TRACE", "TRACK", "CONNECT"];

    /// <summary>Adds the checks; call after routing has picked the endpoint.</summary>
    public static WebApplication UseRequestGuards(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var http = app.Services.GetRequiredService<IOptions<HttpOptions>>().Value;
        app.Use(async (context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            if (RefusedMethods.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase))
            {
                await ApiProblem.Of(StatusCodes.Status405MethodNotAllowed, $"{context.Request.Method} is not served by this node").WriteAsync(context);
                return;
            }

            if (BodyLimit(context.GetEndpoint(), http) is { } limit
                && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
                if (context.Request.ContentLength > limit)
                {
                    // Refused before a byte is read, even by an endpoint that never reads its body.
                    await ApiProblems.TooLarge(context).WriteAsync(context);
                    return;
                }
            }

            await next(context);
        });
        return app;
    }

    private static long? BodyLimit(Endpoint? endpoint, HttpOptions http)
    {
        if (endpoint is null)
        {
            return null;
        }

        if (endpoint.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } own)
        {
            return own.MaxRequestBodySize;
        }

        return Roles.Of(endpoint) switch
        {
            Role.Public => http.AnonymousMaxRequestBodyBytes,
            Role.Member => http.MemberMaxRequestBodyBytes,
            _ => null,
        };
    }
}
