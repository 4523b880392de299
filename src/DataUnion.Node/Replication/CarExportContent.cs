using System.Net;
using DataUnion.Core.Content;
using DataUnion.Ipfs.Store;

namespace DataUnion.Node.Replication;

/// <summary>A request body that streams the DAG of a CID as a CAR straight from the block store.</summary>
internal sealed class CarExportContent : HttpContent
{
    private readonly IpfsStore _store;
    private readonly Cid _root;

    public CarExportContent(IpfsStore store, Cid root)
    {
        _store = store;
        _root = root;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.ipld.car");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        await _store.ExportCarAsync(_root, stream, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
