namespace DataUnion.Chain;

/// <summary>Settings of <c>Chain:LocalNode</c>: the Hardhat node the daemon starts when no RPC URL is set.</summary>
public sealed class LocalChainOptions
{
    /// <summary>Port on 127.0.0.1 for the Hardhat node; 0 picks a free one. Default 8545.</summary>
    public int Port { get; set; } = 8545;

    /// <summary>
    /// Folder with <c>hardhat.config.js</c> and <c>node_modules</c>. Default: searched upward
    /// from the working directory and from the program's own folder.
    /// </summary>
    public string? ProjectRoot { get; set; }

    /// <summary>
    /// Node.js 22+ executable. Default: the project-local toolchain in <c>.tools/</c> that
    /// <c>scripts/bootstrap.sh</c> installs, else <c>node</c> on PATH.
    /// </summary>
    public string? NodeExecutable { get; set; }

    /// <summary>Time allowed for starting the node and deploying the contracts. Default 120 s.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(120);
}
