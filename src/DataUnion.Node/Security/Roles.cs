using Microsoft.AspNetCore.Authorization;

namespace DataUnion.Node.Security;

/// <summary>
/// The one place an endpoint's role is declared: each convention sets the authorization the role
/// needs and records the role as metadata (<see cref="RoleMetadata"/>), which the OpenAPI document,
/// the body limits and the access-matrix test read. An endpoint that declares nothing still needs
/// the operator (the fallback policy), and the access-matrix test fails on it.
/// </summary>
public static class Roles
{
    /// <summary>Name of the policy operator endpoints require (the same as the fallback policy).</summary>
    public const string OperatorPolicy = "operator";

    /// <summary>Open to anyone.</summary>
    public static TBuilder ForPublic<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AllowAnonymous().WithMetadata(new RoleMetadata(Role.Public));

    /// <summary>For wallets signed in with SIWE.</summary>
    public static TBuilder ForMembers<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(WalletSessionHandler.PolicyName).WithMetadata(new RoleMetadata(Role.Member));

    /// <summary>For the operator token.</summary>
    public static TBuilder ForOperator<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(OperatorPolicy).WithMetadata(new RoleMetadata(Role.Operator));

    /// <summary>The declared role of <paramref name="endpoint"/>, or null when it declares none.</summary>
    public static Role? Of(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<RoleMetadata>()?.Role;

    /// <summary>The operator's policy: the web app's operator session (cookie and CSRF token), or a valid operator token.</summary>
    internal static AuthorizationPolicy Operator { get; } = new AuthorizationPolicyBuilder(OperatorCookieHandler.SchemeName, OperatorTokenHandler.SchemeName)
        .RequireRole(OperatorTokenHandler.OperatorRole)
        .Build();
}

/// <summary>An endpoint's declared role.</summary>
/// <param name="Role">Who may call it.</param>
public sealed record RoleMetadata(Role Role);
