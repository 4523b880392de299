using DataUnion.Ipfs.UnixFs;
using DataUnion.Node.Apis.Problems;

namespace DataUnion.Node.Apis.KuboRpc;

/// <summary>
/// The directory structure of one multipart add. Paths are split into segments that must each be
/// a safe directory entry name, so nothing in an add can name a parent or an absolute location.
/// </summary>
internal sealed class AddTree
{
    private readonly Dictionary<string, DirectoryBuilder> _directories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DagLink> _topLevel = new(StringComparer.Ordinal);
    private readonly HashSet<string> _files = new(StringComparer.Ordinal);

    public bool IsEmpty => _topLevel.Count == 0 && _directories.Count == 0;

    /// <summary>Top-level entries: what an add pins.</summary>
    public IEnumerable<DagLink> Roots => _topLevel.Values;

    public void AddDirectory(string path) => EnsureDirectory(Normalize(path));

    /// <summary>Checks a file's path before its content is read: a plain, new name, not inside a file.</summary>
    public void ValidateFilePath(string path)
    {
        var normalized = Normalize(path);
        if (_files.Contains(normalized) || _directories.ContainsKey(normalized))
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, $"the path \"{path}\" appears twice in this add; every file and directory needs its own name");
        }

        var parent = Split(normalized).Parent;
        while (parent is not null)
        {
            if (_files.Contains(parent))
            {
                throw new ProblemException(StatusCodes.Status400BadRequest, $"the path \"{path}\" lies inside \"{parent}\", which this add already has as a file");
            }

            parent = Split(parent).Parent;
        }
    }

    public void AddFile(string path, DagLink file)
    {
        ValidateFilePath(path);
        _files.Add(path);
        var (parent, name) = Split(path);
        if (parent is null)
        {
            _topLevel[name] = file;
            return;
        }

        EnsureDirectory(parent).Add(name, file);
    }

    public IEnumerable<(string Path, DirectoryBuilder Directory)> DirectoriesDeepestFirst() =>
        _directories.OrderByDescending(d => d.Key.Count(c => c == '/')).ThenBy(d => d.Key, StringComparer.Ordinal).Select(d => (d.Key, d.Value)).ToList();

    public void Complete(string path, DagLink directory)
    {
        var (parent, name) = Split(path);
        if (parent is null)
        {
            _topLevel[name] = directory;
        }
        else
        {
            _directories[parent].Add(name, directory);
        }
    }

    private DirectoryBuilder EnsureDirectory(string path)
    {
        if (!_directories.TryGetValue(path, out var directory))
        {
            if (_files.Contains(path))
            {
                throw new ProblemException(StatusCodes.Status400BadRequest, $"the directory \"{path}\" has the name of a file already in this add");
            }


            directory = new DirectoryBuilder();
            _directories[path] = directory;
            var (parent, _) = Split(path);
            if (parent is not null)
            {
                EnsureDirectory(parent);
            }
        }

        return directory;
    }

    private static string Normalize(string path)
    {
        if (path.Length == 0)
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, "a multipart part has no file name");
        }

        foreach (var segment in path.Split('/'))
        {
            try
            {
                DirectoryBuilder.ValidateName(segment);
            }
            catch (ArgumentException)
            {
                throw new ProblemException(StatusCodes.Status400BadRequest,
                    $"the path \"{path}\" is not allowed: every segment must be a plain name (no empty segments, '.', '..', '\\' or NUL)");
            }
        }

        return path;
    }

    private static (string? Parent, string Name) Split(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? (null, path) : (path[..slash], path[(slash + 1)..]);
    }
}
