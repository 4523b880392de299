using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace DataUnion.Node.Apis.KuboRpc;

/// <summary>
/// The file and directory parts of a kubo RPC multipart body, in order. Names are URL-decoded
/// paths, as kubo's clients send them.
/// </summary>
internal static class MultipartEntries
{
    public sealed record Entry(string Path, bool IsDirectory, Stream Content);

    public static async IAsyncEnumerable<Entry> ReadAsync(HttpRequest request, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw new KuboRpcException(StatusCodes.Status400BadRequest, "the request body must be multipart/form-data with a boundary");
        }

        var reader = new MultipartReader(boundary, request.Body);
        var index = 0;
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                throw new KuboRpcException(StatusCodes.Status400BadRequest, $"multipart part {index} has no Content-Disposition");
            }

            var name = HeaderUtilities.RemoveQuotes(disposition.FileName).Value
                ?? HeaderUtilities.RemoveQuotes(disposition.Name).Value
                ?? string.Empty;
            var path = Uri.UnescapeDataString(name);
            var isDirectory = string.Equals(section.ContentType, "application/x-directory", StringComparison.OrdinalIgnoreCase);
            yield return new Entry(path, isDirectory, section.Body);
            index++;
        }
    }
}
