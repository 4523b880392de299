namespace DataUnion.Testing;

/// <summary>Locations inside the repository the tests run from.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding <c>DataUnionNode.sln</c> and <c>hardhat.config.js</c>.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DataUnionNode.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no DataUnionNode.sln above {AppContext.BaseDirectory}");
    }
}
