using System.Net.Http.Headers;

namespace DataUnion.Node.Tests.Support;

/// <summary>Multipart bodies shaped like kubo's clients send them.</summary>
public static class Multipart
{
    public static MultipartFormDataContent Files(params (string Path, byte[]? Content)[] entries)
    {
        var form = new MultipartFormDataContent();
        foreach (var (path, content) in entries)
        {
            HttpContent part = content is null ? new ByteArrayContent([]) : new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue(content is null ? "application/x-directory" : "application/octet-stream");
            part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data")
            {
                Name = "\"file\"",
                FileName = "\"" + Uri.EscapeDataString(path) + "\"",
            };
            form.Add(part);
        }

        return form;
    }
}
