namespace DataUnion.Node.Apis.Problems;

/// <summary>Registers the one problem mapping and the protocol-specific error shapes.</summary>
public static class ProblemExtensions
{
    /// <summary>
    /// Problem details for every error: <see cref="ApiProblems"/> for exceptions, kubo's shape under
    /// <c>/api/v0</c>, the Pinning Services API's under <c>/pins</c>. Minimal APIs throw on bad
    /// input (malformed JSON, a missing body) so that it reaches the same mapping.
    /// </summary>
    public static IServiceCollection AddNodeProblems(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Writers are asked in registration order; the protocol ones come before the default.
        services.AddSingleton<IProblemDetailsWriter, KuboErrorWriter>();
        services.AddSingleton<IProblemDetailsWriter, PinningServiceErrorWriter>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            // Kestrel and the framework answer an oversized body with a bare 413; say which limit.
            if (context.ProblemDetails.Status == StatusCodes.Status413PayloadTooLarge && context.ProblemDetails.Detail is null)
            {
                context.ProblemDetails.Detail = ApiProblems.TooLarge(context.HttpContext).Detail;
            }
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }
}
