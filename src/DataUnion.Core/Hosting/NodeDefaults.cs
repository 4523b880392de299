namespace DataUnion.Core.Hosting;

/// <summary>
/// Where a node keeps its data and listens unless told otherwise: one answer for the daemon, the
/// CLI and the run script, so the CLI finds the token of the node the README's run command started.
/// </summary>
public static class NodeDefaults
{
    /// <summary>The data directory when neither a setting nor <see cref="DataDirectoryVariable"/> names one.</summary>
    public const string DataDirectory = "~/.dataunion";

    /// <summary>Environment variable that moves the data directory for the node, the CLI and <c>scripts/run.sh</c>.</summary>
    public const string DataDirectoryVariable = "DATAUNION_DATA_DIR";

    /// <summary>The API's port on a default node.</summary>
    public const int Port = 5080;

    /// <summary>The API's address on a default node: loopback, <see cref="Port"/>.</summary>
    public const string ApiUrl = "http://127.0.0.1:5080";

    /// <summary>The operator token file the node generates in its data directory.</summary>
    public const string OperatorTokenFile = "operator.token";

    /// <summary>
    /// The data directory: <paramref name="configured"/> when given, else
    /// <see cref="DataDirectoryVariable"/>, else <see cref="DataDirectory"/>; a leading <c>~/</c> is
    /// <paramref name="home"/>. Not made absolute: relative paths are the caller's working directory's.
    /// </summary>
    public static string ResolveDataDirectory(string? configured, Func<string, string?> environment, string home)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(home);
        var path = !string.IsNullOrWhiteSpace(configured) ? configured
            : environment(DataDirectoryVariable) is { Length: > 0 } variable ? variable
            : DataDirectory;
        return path == "~" ? home
            : path.StartsWith("~/", StringComparison.Ordinal) ? home.TrimEnd('/') + "/" + path[2..]
            : path;
    }
}
