using DataUnion.Core.Hosting;

namespace DataUnion.Node.Hosting;

/// <summary>
/// The node's data directory, created on first start and locked for the life of the process so
/// two nodes never share one database or block store.
/// </summary>
public sealed class DataDirectory : IDisposable
{
    private const string LockFileName = "repo.lock";

    private readonly FileStream _lock;

    private DataDirectory(string root, FileStream lockStream)
    {
        Root = root;
        _lock = lockStream;
    }

    /// <summary>Absolute path of the directory.</summary>
    public string Root { get; }

    /// <summary>The LiteDB file.</summary>
    public string DatabaseFile => Path.Combine(Root, "node.db");

    /// <summary>The block store directory.</summary>
    public string BlocksDirectory => Path.Combine(Root, "blocks");

    /// <summary>Encrypted keystore files (readable by the owner only).</summary>
    public string KeystoreDirectory => Path.Combine(Root, "keystore");

    /// <summary>Rolling JSON log files.</summary>
    public string LogsDirectory => Path.Combine(Root, "logs");

    /// <summary>Deployment record and deploy journal of the local chain.</summary>
    public string ChainDirectory => Path.Combine(Root, "chain");

    /// <summary>The operator token generated on first start when none is configured.</summary>
    public string GeneratedOperatorTokenFile => Path.Combine(Root, NodeDefaults.OperatorTokenFile);

    /// <summary>
    /// Resolves <paramref name="configuredPath"/> (unset: <see cref="NodeDefaults"/>'s default, or
    /// its environment variable; a leading <c>~/</c> is the home directory), creates the directory
    /// and its sub-folders, checks it is writable and takes the lock. The
    /// directory and everything in it are owner-only (<see cref="OwnerOnlyFiles"/>), and so is every
    /// file the process creates from here on.
    /// </summary>
    public static DataDirectory Open(string? configuredPath, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var root = Path.GetFullPath(NodeDefaults.ResolveDataDirectory(configuredPath, environment, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)));
        if (File.Exists(root))
        {
            throw Unusable(root, "it is a file, not a directory");
        }

        var wasOpen = Directory.Exists(root) && OwnerOnlyFiles.IsOpen(root);
        try
        {
            OwnerOnlyFiles.RestrictNewFiles();
            OwnerOnlyFiles.CreateDirectory(root);
            OwnerOnlyFiles.CreateDirectory(Path.Combine(root, "keystore"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unusable(root, $"it cannot be created: {ex.Message}", ex);
        }

        FileStream lockStream;
        try
        {
            lockStream = new FileStream(Path.Combine(root, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw Unusable(root, $"it is not writable: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw Unusable(root, "another node process is using it (repo.lock is held)", ex);
        }

        var directory = new DataDirectory(root, lockStream);
        try
        {
            OwnerOnlyFiles.CreateDirectory(directory.BlocksDirectory);
            OwnerOnlyFiles.CreateDirectory(directory.LogsDirectory);
            OwnerOnlyFiles.CreateDirectory(directory.ChainDirectory);
            // A directory this node made is owner-only already; one left open by an older node or
            // another program is walked once and narrowed, file by file.
            directory.NarrowedAtStart = wasOpen ? OwnerOnlyFiles.NarrowTree(root) : 0;
            return directory;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            directory.Dispose();
            throw Unusable(root, $"its sub-folders cannot be created: {ex.Message}", ex);
        }
    }

    /// <summary>Entries whose group or other permissions were taken away at start (left by an older node or another program).</summary>
    public int NarrowedAtStart { get; private set; }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _lock.Dispose();

    private static NodeStartupException Unusable(string root, string reason, Exception? inner = null)
    {
        var message = $"Node:DataDirectory '{root}' cannot be used: {reason}";
        return inner is null ? new NodeStartupException(message) : new NodeStartupException(message, inner);
    }
}
