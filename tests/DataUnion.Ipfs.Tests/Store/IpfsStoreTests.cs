using DataUnion.Core.Content;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Store;
using DataUnion.Ipfs.UnixFs;
using DataUnion.Testing;

namespace DataUnion.Ipfs.Tests.Store;

/// <summary>The store against a real block directory and a real LiteDB pin file.</summary>
public sealed class IpfsStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly TestStore _testStore;
    private readonly IpfsStore _store;

    public IpfsStoreTests()
    {
        _testStore = new TestStore(_directory.Path);
        _store = _testStore.Store;
    }

    private static MemoryStream Content(string seed, int length) => new(DeterministicBytes.Generate(seed, length));

    [Fact]
    public async Task CollectGarbage_PinnedAndUnpinnedAdds_RemovesOnlyTheUnpinned()
    {
        var kept = await _store.AddFileAsync(Content("kept", 3 * 262144), ImportOptions.KuboDefault, pinFor: PinOwner.KuboRpc);
        var dropped = await _store.AddFileAsync(Content("dropped", 2 * 262144), ImportOptions.KuboCidV1, pinFor: null);

        var result = await _store.CollectGarbageAsync();

        Assert.Equal(3, result.Removed.Count);
        Assert.Equal(4, result.Kept);
        Assert.True(_store.Blocks.Has(kept.Cid));
        Assert.False(_store.Blocks.Has(dropped.Cid));
    }

    [Fact]
    public async Task CollectGarbage_DirectPin_KeepsTheRootOnly()
    {
        var root = await _store.AddFileAsync(Content("direct", 2 * 262144), ImportOptions.KuboDefault, pinFor: null);
        await _store.PinAsync(root.Cid, PinMode.Direct, PinOwner.KuboRpc);

        var result = await _store.CollectGarbageAsync();

        Assert.Equal(2, result.Removed.Count);
        Assert.Equal(1, result.Kept);
        Assert.True(_store.Blocks.Has(root.Cid));
    }

    [Fact]
    public async Task CollectGarbage_RacingAnAdd_WaitsAndNeverDeletesItsBlocks()
    {
        var bytes = DeterministicBytes.Generate("race", 4 * 262144);
        var content = new GatedStream(bytes, releaseAfter: 262144);
        var add = _store.AddFileAsync(content, ImportOptions.KuboDefault, pinFor: PinOwner.KuboRpc);
        await content.Paused;
        // The add has written its first block to disk, still pending (unindexed) in its batch.
        Assert.True(StoredBytes.AreOnDisk(_store.Blocks.RootPath, bytes.AsSpan(0, 4096)));
        Assert.Empty(_store.Blocks.Enumerate());

        var gc = _store.CollectGarbageAsync();
        Assert.False(gc.IsCompleted, "garbage collection ran while an add held unpinned blocks");
        content.Release();
        var root = await add;
        var result = await gc;

        Assert.Empty(result.Removed);
        Assert.Equal(5, result.Kept);
        Assert.True(_store.Blocks.Verify().IsHealthy);
        Assert.True(_store.Blocks.Has(root.Cid));
    }

    [Fact]
    public async Task CollectGarbage_PinnedDagMissingABlock_StopsAndDeletesNothing()
    {
        var root = await _store.AddFileAsync(Content("holey", 3 * 262144), ImportOptions.KuboDefault, pinFor: PinOwner.KuboRpc);
        var stray = await _store.AddFileAsync(Content("stray", 10), ImportOptions.KuboDefault, pinFor: null);
        var leaf = Blocks.DagPbNodeLinks(_store, root.Cid)[1];
        _store.Blocks.Delete(leaf.Hash);

        var error = await Assert.ThrowsAsync<BlockStoreException>(() => _store.CollectGarbageAsync());

        Assert.Contains("nothing was deleted", error.Message, StringComparison.Ordinal);
        Assert.Contains(leaf.ToString(), error.Message, StringComparison.Ordinal);
        Assert.True(_store.Blocks.Has(stray.Cid));
    }

    [Fact]
    public async Task Pin_RecursiveWithMissingBlock_IsRefusedNamingTheBlock()
    {
        var root = await _store.AddFileAsync(Content("partial", 2 * 262144), ImportOptions.KuboDefault, pinFor: null);
        var leaf = Blocks.DagPbNodeLinks(_store, root.Cid)[0];
        _store.Blocks.Delete(leaf.Hash);

        var error = await Assert.ThrowsAsync<BlockNotFoundException>(() => _store.PinAsync(root.Cid, PinMode.Recursive, PinOwner.KuboRpc));

        Assert.Contains(leaf.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Empty(_store.ListPins());
    }

    [Fact]
    public async Task Pin_DirectOfAbsentBlock_IsRefused()
    {
        var absent = Cid.V1(Multicodec.Raw, Multihash.Sha256([1, 2, 3]));

        await Assert.ThrowsAsync<BlockNotFoundException>(() => _store.PinAsync(absent, PinMode.Direct, PinOwner.KuboRpc));
    }

    [Fact]
    public async Task Unpin_LastOwner_ThenGc_RemovesTheDag()
    {
        var root = await _store.AddFileAsync(Content("unpin", 2 * 262144), ImportOptions.KuboDefault, pinFor: PinOwner.KuboRpc);

        Assert.Equal(PinRelease.Unpinned, _store.Unpin(root.Cid, PinOwner.KuboRpc));
        Assert.Equal(PinRelease.NotPinned, _store.Unpin(root.Cid, PinOwner.KuboRpc));
        var result = await _store.CollectGarbageAsync();

        Assert.Equal(3, result.Removed.Count);
        Assert.Empty(_store.Blocks.Enumerate());
    }

    [Fact]
    public async Task Unpin_OneOfTwoOwners_ThenGc_KeepsTheDagForTheOther()
    {
        var root = await _store.AddFileAsync(Content("shared", 2 * 262144), ImportOptions.KuboDefault, pinFor: PinOwner.PinRequest("r1"));
        await _store.PinAsync(root.Cid.ToV1(), PinMode.Recursive, PinOwner.Labeling("faces"));

        var release = _store.Unpin(root.Cid, PinOwner.PinRequest("r1"));
        var result = await _store.CollectGarbageAsync();

        Assert.Equal(PinRelease.Released, release);
        Assert.Empty(result.Removed);
        Assert.Equal(["labeling:faces"], _store.FindPin(root.Cid)!.Owners);
        Assert.Equal(3, _store.Blocks.Enumerate().Count());
    }

    [Fact]
    public async Task Unpin_ByAnOwnerThatNeverPinned_ChangesNothing()
    {
        var root = await _store.AddFileAsync(Content("foreign", 2 * 262144), ImportOptions.KuboDefault, pinFor: PinOwner.Labeling("faces"));

        var release = _store.Unpin(root.Cid, PinOwner.KuboRpc);

        Assert.Equal(PinRelease.NotOwner, release);
        Assert.Equal(["labeling:faces"], _store.FindPin(root.Cid)!.Owners);
    }

    public void Dispose()
    {
        _testStore.Dispose();
        _directory.Dispose();
    }

    private static class Blocks
    {
        public static IReadOnlyList<Cid> DagPbNodeLinks(IpfsStore store, Cid root) =>
            DataUnion.Ipfs.Dag.DagLinks.Of(root, store.Blocks.Get(root)!);
    }

    /// <summary>Serves the first bytes, then blocks until released: an add caught in the middle.</summary>
    private sealed class GatedStream(byte[] content, int releaseAfter) : Stream
    {
        private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _position;

        public Task Paused => _paused.Task;

        public void Release() => _released.TrySetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= releaseAfter && !_released.Task.IsCompleted)
            {
                _paused.TrySetResult();
                await _released.Task.WaitAsync(cancellationToken);
            }

            var limit = _position < releaseAfter ? releaseAfter : content.Length;
            var count = Math.Min(buffer.Length, limit - _position);
            content.AsSpan(_position, count).CopyTo(buffer.Span);
            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => content.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
