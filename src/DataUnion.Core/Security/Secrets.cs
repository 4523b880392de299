using System.Security.Cryptography;

namespace DataUnion.Core.Security;

/// <summary>Random tokens and owner-only files for secrets (operator token, keystores).</summary>
public static class Secrets
{
    /// <summary><paramref name="bytes"/> random bytes as unpadded base64url (43 characters for 32 bytes).</summary>
    public static string NewToken(int bytes = 32) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// Writes <paramref name="contents"/> to a new file readable by the owner only (0600), through a
    /// flushed temp file and a rename that never overwrites, so no half-written secret is left
    /// and an existing one is never replaced (<see cref="IOException"/> then).
    /// </summary>
    public static void WriteOwnerOnly(string path, string contents)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(contents);
        var temp = $"{path}.tmp-{Guid.NewGuid():N}";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temp, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(contents);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: false);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
