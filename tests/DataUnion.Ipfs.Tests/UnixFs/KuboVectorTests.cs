using System.Text;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Testing;

namespace DataUnion.Ipfs.Tests.UnixFs;

/// <summary>CIDs from kubo's own tests and the UnixFS spec: ours must be identical.</summary>
public class KuboVectorTests
{
    private static async Task<string> RootAsync(byte[] content, ImportOptions options) =>
        (await UnixFsImporter.ImportFileAsync(content, options, DiscardingBlockSink.Instance)).Cid.ToString();

    [Fact]
    public async Task ImportFile_EmptyV0_MatchesKubo() =>
        Assert.Equal("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH", await RootAsync([], ImportOptions.KuboDefault));

    [Fact]
    public async Task ImportFile_EmptyRawLeaves_MatchesKubo() =>
        Assert.Equal("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", await RootAsync([], ImportOptions.KuboCidV1));

    [Fact]
    public async Task ImportFile_HelloWorldV0_MatchesKubo() =>
        Assert.Equal("Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD", await RootAsync(Encoding.ASCII.GetBytes("hello world"), ImportOptions.KuboDefault));

    [Fact]
    public async Task ImportFile_HelloWorldV1_MatchesKubo() =>
        Assert.Equal("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e", await RootAsync(Encoding.ASCII.GetBytes("hello world"), ImportOptions.KuboCidV1));

    [Fact]
    public async Task ImportFile_IpfsNewlineV0_MatchesKubo() =>
        Assert.Equal("QmdFyxZXsFiP4csgfM5uPu99AvFiKH62CSPDw5TP92nr7w", await RootAsync(Encoding.ASCII.GetBytes("IPFS\n"), ImportOptions.KuboDefault));

    [Fact]
    public async Task ImportFile_OneFullChunkV0_MatchesKubo() =>
        Assert.Equal("QmWmRj3dFDZdb6ABvbmKhEL6TmPbAfBZ1t5BxsEyJrcZhE", await RootAsync(DeterministicBytes.Generate("chunk-v0-seed", 262144), ImportOptions.KuboDefault));

    [Fact]
    public async Task ImportFile_OneChunkPlusOneByteV0_MatchesKubo() =>
        Assert.Equal("QmYyLxtzZyW22zpoVAtKANLRHpDjZtNeDjQdJrcQNWoRkJ", await RootAsync(DeterministicBytes.Generate("chunk-v0-seed", 262145), ImportOptions.KuboDefault));

    [Fact]
    public async Task BuildDirectory_Empty_MatchesKubo()
    {
        var root = await new DirectoryBuilder().BuildAsync(0, DiscardingBlockSink.Instance);

        Assert.Equal("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn", root.Cid.ToString());
    }
}
