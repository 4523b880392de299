using System.Security.Claims;

namespace DataUnion.Node.Security;

/// <summary>Who a member endpoint is serving: the wallet its session was signed in with.</summary>
public static class MemberIdentity
{
    /// <summary>The signed-in wallet, lower-case. Only for endpoints that require a member (<see cref="Roles.ForMembers"/>).</summary>
    public static string Wallet(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.Name?.ToLowerInvariant() ?? throw new InvalidOperationException("the endpoint requires a member, but no wallet is signed in");
    }
}
