namespace DataUnion.Node.Security;

/// <summary>Who may call an endpoint. Each endpoint declares one, through <see cref="Roles"/>.</summary>
public enum Role
{
    /// <summary>Anyone, without credentials: health, the API description, sign-in, what auditors read.</summary>
    Public,

    /// <summary>A wallet signed in with Sign-In with Ethereum: contributors, labelers, buyers.</summary>
    Member,

    /// <summary>Whoever holds the operator token.</summary>
    Operator,
}
