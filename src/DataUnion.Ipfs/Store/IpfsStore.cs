using DataUnion.Core.Content;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Car;
using DataUnion.Ipfs.Dag;
using DataUnion.Ipfs.UnixFs;

namespace DataUnion.Ipfs.Store;

/// <summary>
/// The node's IPFS store: blocks, pins and garbage collection behind one lock discipline. Adds
/// and pins run under the shared lock of <see cref="GcLocker"/>; garbage collection under the
/// exclusive one, so it never deletes a block of an add still in progress. Every pin has owners
/// (<see cref="PinOwner"/>), and a CID stays pinned while any of them holds it.
/// </summary>
public sealed class IpfsStore(IBlockStore blocks, IPinStore pins, TimeProvider timeProvider)
{
    /// <summary>The block store.</summary>
    public IBlockStore Blocks { get; } = blocks;

    /// <summary>The lock adds, pins and garbage collection share.</summary>
    public GcLocker Locker { get; } = new();

    /// <summary>
    /// Starts an add: the returned session holds the shared GC lock until it is disposed.
    /// With <paramref name="onlyHash"/> nothing is written (kubo's <c>--only-hash</c>).
    /// </summary>
    public async Task<AddSession> BeginAddAsync(bool onlyHash = false, CancellationToken cancellationToken = default)
    {
        var gcLock = await Locker.EnterSharedAsync(cancellationToken).ConfigureAwait(false);
        return new AddSession(this, gcLock, onlyHash);
    }

    /// <summary>
    /// Imports <paramref name="content"/> as a UnixFS file, makes its blocks durable, and pins the
    /// root recursively for <paramref name="pinFor"/> when one is given.
    /// </summary>
    public async Task<DagLink> AddFileAsync(Stream content, ImportOptions options, PinOwner? pinFor, string? pinName = null, CancellationToken cancellationToken = default)
    {
        await using var session = await BeginAddAsync(onlyHash: false, cancellationToken).ConfigureAwait(false);
        var root = await session.AddFileAsync(content, options, cancellationToken).ConfigureAwait(false);
        if (pinFor is { } owner)
        {
            session.Pin(root.Cid, owner, pinName);
        }

        return root;
    }

    /// <summary>
    /// Pins <paramref name="cid"/> for <paramref name="owner"/>. The block (and for a recursive pin
    /// every block below it) must already be in the store: this node has no network to fetch from.
    /// </summary>
    public async Task<Pin> PinAsync(Cid cid, PinMode mode, PinOwner owner, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cid);
        using var shared = await Locker.EnterSharedAsync(cancellationToken).ConfigureAwait(false);
        if (mode == PinMode.Recursive)
        {
            foreach (var _ in DagWalker.DepthFirst(Blocks, cid))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        else if (!Blocks.Has(cid))
        {
            throw new BlockNotFoundException(cid, $"block {cid} is not in the store");
        }

        return pins.Add(cid, mode, name, timeProvider.GetUtcNow(), owner);
    }

    internal void RecordPin(Cid root, PinOwner owner, string? name) => pins.Add(root, PinMode.Recursive, name, timeProvider.GetUtcNow(), owner);

    /// <summary>
    /// Lets <paramref name="owner"/> go of the pin of <paramref name="cid"/>. The CID stays pinned
    /// while another owner holds it, so garbage collection keeps what others still use.
    /// </summary>
    public PinRelease Unpin(Cid cid, PinOwner owner) => pins.Release(cid, owner);

    /// <summary>
    /// Adds <paramref name="owner"/> to <paramref name="pin"/> as a recursive hold, without walking
    /// its DAG again. The caller holds the shared lock (<see cref="Locker"/>) and found the pin
    /// under it, so garbage collection cannot have run since; a recursive pin's DAG is whole, and
    /// for a direct pin the caller has checked it with <see cref="HasWholeDag"/>. If another owner
    /// let go meanwhile, this pins it again.
    /// </summary>
    public Pin AddPinOwner(Pin pin, PinOwner owner)
    {
        ArgumentNullException.ThrowIfNull(pin);
        return pins.Add(pin.Cid, PinMode.Recursive, pin.Name, timeProvider.GetUtcNow(), owner);
    }

    /// <summary>
    /// Whether every block below <paramref name="cid"/> is here and decodes. The caller holds the
    /// shared lock when the answer must still hold after it returns.
    /// </summary>
    public bool HasWholeDag(Cid cid)
    {
        try
        {
            foreach (var _ in DagWalker.DepthFirst(Blocks, cid))
            {
            }

            return true;
        }
        catch (Exception ex) when (ex is BlockNotFoundException or DagFormatException)
        {
            return false;
        }
    }

    /// <summary>The pin of <paramref name="cid"/> (either CID version), or null.</summary>
    public Pin? FindPin(Cid cid) => pins.Find(cid);

    /// <summary>The pins, optionally of one mode.</summary>
    public IReadOnlyList<Pin> ListPins(PinMode? mode = null) => pins.List(mode);

    /// <summary>
    /// Deletes every block that no pin reaches. If a pinned DAG is incomplete or damaged the
    /// collection stops before deleting anything: what hangs below a missing block is unknown.
    /// </summary>
    public async Task<GarbageCollectionResult> CollectGarbageAsync(CancellationToken cancellationToken = default)
    {
        using var exclusive = await Locker.EnterExclusiveAsync(cancellationToken).ConfigureAwait(false);
        var live = new HashSet<Multihash>();
        foreach (var pin in pins.List())
        {
            live.Add(pin.Cid.Hash);
            if (pin.Mode == PinMode.Recursive)
            {
                try
                {
                    foreach (var (cid, _) in DagWalker.DepthFirst(Blocks, pin.Cid))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        live.Add(cid.Hash);
                    }
                }
                catch (Exception ex) when (ex is BlockStoreException or DagFormatException)
                {
                    throw new BlockStoreException($"garbage collection stopped, nothing was deleted: the pinned DAG {pin.Cid} cannot be walked ({ex.Message})", ex);
                }
            }
        }

        var removed = new List<Cid>();
        var kept = 0;
        foreach (var hash in Blocks.Enumerate().ToList())
        {
            if (live.Contains(hash))
            {
                kept++;
            }
            else if (Blocks.Delete(hash))
            {
                removed.Add(Cid.V1(Multicodec.Raw, hash));
            }
        }

        var reclaimed = Blocks.Compact();
        return new GarbageCollectionResult(removed, kept, reclaimed);
    }

    /// <summary>
    /// Writes the DAG under <paramref name="root"/> as CARv1, as kubo's <c>dag export</c> does: one
    /// root, depth-first, each block once. Blocks are read (and hash-checked) as they are written,
    /// so a missing block fails the export part-way with an error naming it.
    /// </summary>
    public async Task<int> ExportCarAsync(Cid root, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        var writer = new CarWriter(output);
        await writer.WriteHeaderAsync([root], cancellationToken).ConfigureAwait(false);

        // Blocks are read (and checked against their CIDs) ahead of the writer, a few at a time,
        // so the disk and the hashing overlap with sending.
        var ahead = System.Threading.Channels.Channel.CreateBounded<(Cid Cid, byte[] Block)>(new System.Threading.Channels.BoundedChannelOptions(ReadAhead)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = Task.Run(
            async () =>
            {
                try
                {
                    foreach (var entry in DagWalker.DepthFirst(Blocks, root))
                    {
                        await ahead.Writer.WriteAsync(entry, stop.Token).ConfigureAwait(false);
                    }

                    ahead.Writer.Complete();
                }
                catch (Exception ex)
                {
                    ahead.Writer.Complete(ex);
                }
            },
            CancellationToken.None);

        var count = 0;
        try
        {
            await foreach (var (cid, block) in ahead.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteBlockAsync(cid, block, cancellationToken).ConfigureAwait(false);
                count++;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await reader.ConfigureAwait(false);
        }

        return count;
    }

    /// <summary>Blocks an export reads ahead of what it has written.</summary>
    private const int ReadAhead = 16;

    /// <summary>
    /// Imports a CARv1 or CARv2: every block is verified before it is stored, and the roots are
    /// pinned recursively for <paramref name="pinRootsFor"/> (when given) only after the whole file
    /// was read and every root's DAG is complete. A failed import pins nothing; the blocks it
    /// stored stay unpinned for the next collection.
    /// </summary>
    public async Task<CarImportResult> ImportCarAsync(Stream input, PinOwner? pinRootsFor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var shared = await Locker.EnterSharedAsync(cancellationToken).ConfigureAwait(false);
        var reader = await CarReader.OpenAsync(input, cancellationToken).ConfigureAwait(false);
        var batch = Blocks.BeginBatch();
        var count = 0;
        await foreach (var (cid, block) in reader.ReadBlocksAsync(cancellationToken).ConfigureAwait(false))
        {
            Blocks.Put(cid, block, batch);
            count++;
        }

        batch.Commit();
        if (pinRootsFor is { } owner)
        {
            foreach (var root in reader.Roots)
            {
                foreach (var _ in DagWalker.DepthFirst(Blocks, root))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            foreach (var root in reader.Roots)
            {
                pins.Add(root, PinMode.Recursive, null, timeProvider.GetUtcNow(), owner);
            }
        }

        return new CarImportResult(reader.Roots, count);
    }

    /// <summary>
    /// Re-hashes every block and removes the temp files of interrupted writes, under the exclusive
    /// lock so no add in progress loses a temp file.
    /// </summary>
    public async Task<BlockStoreVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        using var exclusive = await Locker.EnterExclusiveAsync(cancellationToken).ConfigureAwait(false);
        return Blocks.Verify(cancellationToken);
    }
}
