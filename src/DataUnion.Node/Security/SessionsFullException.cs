namespace DataUnion.Node.Security;

/// <summary>Sign-in refused because the node holds as many wallet sessions as it allows.</summary>
public sealed class SessionsFullException(int limit)
    : Exception($"this node holds {limit} wallet sessions, as many as it allows (RateLimits:MaxSessions); try again when some have expired");
