using System.Text.Json;
using DataUnion.Node.Apis.KuboRpc;
using DataUnion.Node.Apis.Problems;
using DataUnion.Node.Contributions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace DataUnion.Node.Apis.Contributions;

/// <summary>
/// The multipart body of an upload: a <c>domain</c> field, an optional <c>attributes</c> field
/// (a JSON object of attribute names to values) and one or more file parts. Every part is read
/// with a limit, and a body that breaks the multipart format is a 400.
/// </summary>
internal sealed record UploadForm(string Domain, IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<UploadedFile> Files)
{
    private const int MaxFieldBytes = 4096;

    public static async Task<UploadForm> ReadAsync(HttpRequest request, int maxFiles, long maxFileBytes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw Bad("the request body must be multipart/form-data with a boundary: a 'domain' field, optional 'attributes' and one or more image files");
        }

        var reader = new MultipartReader(boundary, request.Body);
        string? domain = null;
        IReadOnlyDictionary<string, string> attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new List<UploadedFile>();
        var index = 0;
        while (await NextAsync(reader, cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                throw Bad($"multipart part {index} has no Content-Disposition");
            }

            var fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value;
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty;
            var body = new RequestBodyStream(section.Body);
            if (fileName is not null)
            {
                if (files.Count == maxFiles)
                {
                    throw Bad($"an upload takes at most {maxFiles} images");
                }

                var bytes = await ReadAsync(body, maxFileBytes, cancellationToken)
                    ?? throw Bad($"file '{Cut(fileName)}' has more than {maxFileBytes:N0} bytes; images of at most {maxFileBytes:N0} are taken");
                files.Add(new UploadedFile(fileName, bytes));
            }
            else
            {
                var bytes = await ReadAsync(body, MaxFieldBytes, cancellationToken)
                    ?? throw Bad($"field '{Cut(name)}' is longer than {MaxFieldBytes} bytes");
                var text = System.Text.Encoding.UTF8.GetString(bytes);
                switch (name)
                {
                    case "domain":
                        domain = text.Trim();
                        break;
                    case "attributes":
                        attributes = ParseAttributes(text);
                        break;
                    default:
                        throw Bad($"field '{Cut(name)}' is not part of an upload; send 'domain', 'attributes' and files");
                }
            }

            index++;
        }

        if (string.IsNullOrEmpty(domain))
        {
            throw Bad("the 'domain' field is required: the labeling domain (dataset) the images are contributed to");
        }

        return files.Count == 0 ? throw Bad("the upload has no file part; send each image as a part with a file name") : new UploadForm(domain, attributes, files);
    }

    private static Dictionary<string, string> ParseAttributes(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        try
        {
            var parsed = JsonSerializer.Deserialize<Dictionary<string, string?>>(text)
                ?? throw Bad("attributes: send a JSON object of attribute names to values, e.g. {\"region\": \"europe\"}");
            if (parsed.FirstOrDefault(a => a.Value is null) is { Key: { } unanswered })
            {
                throw Bad($"attributes: '{Cut(unanswered)}' has no value; leave an attribute out, or answer \"{AttributeVocabulary.PreferNotToSay}\"");
            }

            return parsed.ToDictionary(a => a.Key, a => a.Value!, StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            throw Bad($"attributes: not a JSON object of attribute names to string values ({ex.Message})");
        }
    }

    /// <summary>The part's bytes, or null when it has more than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task<MultipartSection?> NextAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (IOException ex) when (ex is not BadHttpRequestException && ex.InnerException is not BadHttpRequestException)
        {
            throw RequestBodyStream.Malformed(ex);
        }
        catch (InvalidDataException ex)
        {
            throw Bad($"the request body is not well-formed multipart: {ex.Message}");
        }
    }

    private static ProblemException Bad(string problem) => new(ApiProblem.BadRequest(problem));

    private static string Cut(string text) => text.Length > 100 ? text[..100] + "…" : text;
}
