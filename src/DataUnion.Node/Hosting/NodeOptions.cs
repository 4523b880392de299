using System.ComponentModel.DataAnnotations;

namespace DataUnion.Node.Hosting;

/// <summary>Settings of the <c>Node</c> configuration section.</summary>
public sealed class NodeOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Node";

    /// <summary>
    /// Folder for the database, the block store, the keystore, logs and chain files. Created when
    /// missing. A leading <c>~/</c> is the user's home. Default: the <c>DATAUNION_DATA_DIR</c>
    /// environment variable, else <c>~/.dataunion</c>, as the CLI and <c>scripts/run.sh</c> assume.
    /// </summary>
    [MinLength(1, ErrorMessage = "Node:DataDirectory must not be empty")]
    public string? DataDirectory { get; set; }

    /// <summary>How long in-flight requests and background work get to finish on SIGINT/SIGTERM. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Node:ShutdownTimeout must be between 0 and 10 minutes")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
