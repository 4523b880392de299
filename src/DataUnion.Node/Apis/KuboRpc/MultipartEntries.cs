using DataUnion.Node.Apis.Problems;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace DataUnion.Node.Apis.KuboRpc;

/// <summary>
/// The file and directory parts of a kubo RPC multipart body, in order. Names are URL-decoded
/// paths, as kubo's clients send them. A body that ends early or breaks the multipart format is
/// bad input (400), never a failure of the node, however far into a part it breaks.
/// </summary>
internal static class MultipartEntries
{
    /// <summary>Longest part name accepted, in characters: a path of nested directory names.</summary>
    public const int MaxPathLength = 4096;

    public sealed record Entry(string Path, bool IsDirectory, Stream Content);

    public static async IAsyncEnumerable<Entry> ReadAsync(HttpRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, "the request body must be multipart/form-data with a boundary");
        }

        var reader = new MultipartReader(boundary, request.Body);
        var index = 0;
        while (await NextSectionAsync(reader, cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                throw new ProblemException(StatusCodes.Status400BadRequest, $"multipart part {index} has no Content-Disposition");
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.FileName).Value
                ?? HeaderUtilities.RemoveQuotes(disposition.Name).Value
                ?? string.Empty;
            if (name.Length > MaxPathLength)
            {
                throw new ProblemException(StatusCodes.Status400BadRequest, $"multipart part {index} has a name of {name.Length} characters; at most {MaxPathLength} are accepted");
            }

            var path = Uri.UnescapeDataString(name);
            var isDirectory = string.Equals(section.ContentType, "application/x-directory", StringComparison.OrdinalIgnoreCase);
            yield return new Entry(path, isDirectory, new RequestBodyStream(section.Body));
            index++;
        }
    }

    private static async Task<MultipartSection?> NextSectionAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (IOException ex) when (ex is not BadHttpRequestException && ex.InnerException is not BadHttpRequestException)
        {
            throw RequestBodyStream.Malformed(ex);
        }
    }
}
