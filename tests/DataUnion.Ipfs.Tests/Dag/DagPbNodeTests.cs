using DataUnion.Core.Content;
using DataUnion.Ipfs.Dag;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Testing;

namespace DataUnion.Ipfs.Tests.Dag;

public class DagPbNodeTests
{
    private sealed class CollectingSink : IBlockSink
    {
        public List<(Cid Cid, byte[] Block)> Blocks { get; } = [];

        public ValueTask PutAsync(Cid cid, ReadOnlyMemory<byte> block, CancellationToken cancellationToken)
        {
            Blocks.Add((cid, block.ToArray()));
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Decode_ImportedRoot_LinksAreTheLeavesInOrder()
    {
        var sink = new CollectingSink();
        await UnixFsImporter.ImportFileAsync(DeterministicBytes.Generate("links", (3 * 262144) + 5), ImportOptions.KuboDefault, sink);
        var (rootCid, rootBlock) = sink.Blocks[^1];

        var node = DagPbNode.Decode(rootBlock);

        Assert.Equal(sink.Blocks.Take(4).Select(b => b.Cid), node.Links.Select(l => l.Cid));
        Assert.All(node.Links, l => Assert.Equal(string.Empty, l.Name));
        Assert.Equal([262158UL, 262158UL, 262158UL, 13UL], node.Links.Select(l => l.TotalSize!.Value));
        Assert.NotNull(node.Data);
        Assert.Equal(rootCid.Hash, Multihash.Sha256(rootBlock));
    }

    [Fact]
    public async Task Decode_Directory_NamesAreSortedBytewise()
    {
        var sink = new CollectingSink();
        var file = await UnixFsImporter.ImportFileAsync(new byte[] { 1 }, ImportOptions.KuboDefault, sink);
        await new DirectoryBuilder().Add("b.jpg", file).Add("B.jpg", file).Add("a.jpg", file).BuildAsync(0, sink);

        var node = DagPbNode.Decode(sink.Blocks[^1].Block);

        Assert.Equal(["B.jpg", "a.jpg", "b.jpg"], node.Links.Select(l => l.Name));
    }

    [Theory]
    [InlineData(new byte[] { 0x0a, 0x00, 0x12, 0x00 }, "Links appear after Data")]
    [InlineData(new byte[] { 0x1a, 0x00 }, "unknown field 3")]
    [InlineData(new byte[] { 0x08, 0x01 }, "wire type 0")]
    [InlineData(new byte[] { 0x0a, 0x05, 0x01 }, "truncated")]
    [InlineData(new byte[] { 0x12, 0x02, 0x12, 0x00 }, "has no Hash")]
    [InlineData(new byte[] { 0x12, 0x04, 0x0a, 0x02, 0x01, 0x02 }, "Hash is not a CID")]
    [InlineData(new byte[] { 0x0a, 0x00, 0x0a, 0x00 }, "Data appears twice")]
    public void Decode_MalformedNode_SaysWhatIsWrong(byte[] block, string expected)
    {
        var error = Assert.Throws<DagFormatException>(() => DagPbNode.Decode(block));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LinksOf_DagCbor_IsRefusedNamingTheCodec()
    {
        var cid = Cid.V1(Multicodec.DagCbor, Multihash.Sha256([0xa0]));

        var error = Assert.Throws<DagFormatException>(() => DagLinks.Of(cid, [0xa0]));

        Assert.Contains("dag-cbor", error.Message, StringComparison.Ordinal);
    }
}
