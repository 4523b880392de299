using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace DataUnion.Node.Security;

/// <summary>Operator authentication, required by default on every endpoint.</summary>
public static class SecurityExtensions
{
    /// <summary>
    /// Every endpoint declares its role (<see cref="Roles"/>); one that does not still requires the
    /// operator, so a new endpoint is never public by accident.
    /// </summary>
    public static WebApplicationBuilder AddOperatorAuthentication(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(services => OperatorCredential.Load(
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Hosting.HttpOptions>>(),
            services.GetRequiredService<Hosting.DataDirectory>()));
        builder.Services.AddSingleton(services => new Storage.Sessions.LiteDbSessionStore(services.GetRequiredService<Storage.NodeDatabase>()));
        builder.Services.AddSingleton<WalletSessions>();
        builder.Services.AddSingleton(services => new Storage.Audit.LiteDbAuditLog(services.GetRequiredService<Storage.NodeDatabase>()));
        builder.Services.AddSingleton<WalletSignInLimiter>();
        builder.Services.AddSingleton<SignInNonces>();
        builder.Services.AddSingleton<OperatorSessions>();
        builder.Services.AddAuthentication(OperatorTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, OperatorTokenHandler>(OperatorTokenHandler.SchemeName, configureOptions: null)
            .AddScheme<AuthenticationSchemeOptions, OperatorCookieHandler>(OperatorCookieHandler.SchemeName, configureOptions: null)
            .AddScheme<AuthenticationSchemeOptions, WalletSessionHandler>(WalletSessionHandler.SchemeName, configureOptions: null);
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(Roles.Operator)
            .AddPolicy(Roles.OperatorPolicy, Roles.Operator)
            .AddPolicy(WalletSessionHandler.PolicyName, policy => policy
                .AddAuthenticationSchemes(WalletSessionHandler.SchemeName)
                .RequireRole(WalletSessionHandler.WalletRole));
        builder.Services.AddHostedService<OperatorCredentialLogger>();
        return builder;
    }
}
