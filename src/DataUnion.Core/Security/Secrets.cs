using System.Security.Cryptography;

namespace DataUnion.Core.Security;

/// <summary>Random tokens for secrets (operator token, session tokens). Writing them is <c>DataUnion.Storage.SecretFile</c>'s.</summary>
public static class Secrets
{
    /// <summary><paramref name="bytes"/> random bytes as unpadded base64url (43 characters for 32 bytes).</summary>
    public static string NewToken(int bytes = 32) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
