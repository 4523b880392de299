using System.Collections.Frozen;
using System.IO.Compression;
using System.Security.Cryptography;

namespace DataUnion.Node.Apis.Web;

/// <summary>
/// The web app's files, built by the project's setup into <c>web/</c> next to the node's
/// program: read once at start into memory with their ETag and their Brotli and gzip forms, so a
/// request never touches the disk and no path from a request ever reaches the file system.
/// </summary>
public sealed class WebAssets
{
    /// <summary>Folder, under the program's folder, that holds the built web app.</summary>
    public const string FolderName = "web";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".woff2"] = "font/woff2",
        [".json"] = "application/json",
        [".txt"] = "text/plain; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, WebAsset> _files;

    private WebAssets(FrozenDictionary<string, WebAsset> files, string folder)
    {
        _files = files;
        Folder = folder;
    }

    /// <summary>Where the files were read from.</summary>
    public string Folder { get; }

    /// <summary>True when the app was built (its <c>index.html</c> is there).</summary>
    public bool IsBuilt => _files.ContainsKey("index.html");

    /// <summary>Every file, by its path relative to the folder ('/'-separated).</summary>
    public IReadOnlyDictionary<string, WebAsset> Files => _files;

    /// <summary>The file at <paramref name="path"/>, or null.</summary>
    public WebAsset? Find(string path) => _files.GetValueOrDefault(path);

    /// <summary>Reads every file of <paramref name="folder"/> (none when it does not exist).</summary>
    public static WebAssets Load(string folder)
    {
        var found = new Dictionary<string, WebAsset>(StringComparer.Ordinal);
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
                if (!ContentTypes.TryGetValue(Path.GetExtension(file), out var type) || relative.EndsWith(".map", StringComparison.Ordinal))
                {
                    continue;
                }

                found[relative] = WebAsset.Of(relative, type, File.ReadAllBytes(file));
            }
        }

        return new WebAssets(found.ToFrozenDictionary(StringComparer.Ordinal), folder);
    }
}

/// <summary>One file of the web app, with its compressed forms.</summary>
/// <param name="Path">Its path relative to the app's folder.</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="Bytes">Its content.</param>
/// <param name="Brotli">Its Brotli form, or null when that is not smaller.</param>
/// <param name="Gzip">Its gzip form, or null when that is not smaller.</param>
/// <param name="ETag">A strong validator: a hash of <paramref name="Bytes"/>.</param>
public sealed record WebAsset(string Path, string ContentType, byte[] Bytes, byte[]? Brotli, byte[]? Gzip, string ETag)
{
    /// <summary>Builds the asset, compressing text at the highest level (it happens once, at start).</summary>
    public static WebAsset Of(string path, string contentType, byte[] bytes)
    {
        var text = contentType.StartsWith("text/", StringComparison.Ordinal) || contentType is "image/svg+xml" or "application/json";
        var brotli = text ? Smaller(Compress(bytes, s => new BrotliStream(s, CompressionLevel.SmallestSize)), bytes) : null;
        var gzip = text ? Smaller(Compress(bytes, s => new GZipStream(s, CompressionLevel.SmallestSize)), bytes) : null;
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12)) + "\"";
        return new WebAsset(path, contentType, bytes, brotli, gzip, etag);
    }

    private static byte[]? Smaller(byte[] compressed, byte[] original) => compressed.Length < original.Length ? compressed : null;

    private static byte[] Compress(byte[] bytes, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output))
        {
            stream.Write(bytes);
        }

        return output.ToArray();
    }
}
