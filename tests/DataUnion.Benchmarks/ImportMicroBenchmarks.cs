using BenchmarkDotNet.Attributes;
using DataUnion.Core.Content;
using DataUnion.Ipfs.UnixFs;

namespace DataUnion.Benchmarks;

/// <summary>Per-image costs: time and allocations of importing one 280 KiB image, and CID text work.</summary>
[MemoryDiagnoser]
public class ImportMicroBenchmarks
{
    private readonly byte[] _image = new byte[280 * 1024];
    private Cid _cid = null!;
    private string _text = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(42).NextBytes(_image);
        _cid = Cid.V1(Multicodec.Raw, Multihash.Sha256(_image));
        _text = _cid.ToString();
    }

    [Benchmark]
    public Task<DagLink> ImportImageCidV1() => UnixFsImporter.ImportFileAsync(_image, ImportOptions.KuboCidV1, DiscardingBlockSink.Instance);

    [Benchmark]
    public Task<DagLink> ImportImageCidV0() => UnixFsImporter.ImportFileAsync(_image, ImportOptions.KuboDefault, DiscardingBlockSink.Instance);

    [Benchmark]
    public Cid ParseCid() => Cid.Parse(_text);

    [Benchmark]
    public string FormatCid() => Cid.V1(Multicodec.Raw, _cid.Hash).ToString();
}
