using Microsoft.AspNetCore.Http.Metadata;

namespace DataUnion.Node.Hosting;

/// <summary>An endpoint's own request body limit, in bytes; <see cref="RequestGuards"/> applies it.</summary>
/// <param name="MaxRequestBodySize">Largest body accepted; a larger one gets 413.</param>
public sealed record BodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata
{
    /// <summary>Sets <paramref name="bytes"/> as the body limit of <paramref name="builder"/>'s endpoints.</summary>
    public static TBuilder On<TBuilder>(TBuilder builder, long bytes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return builder.WithMetadata(new BodyLimit(bytes));
    }
}
