using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Store;
using DataUnion.Node.Hosting;
using DataUnion.Node.Replication;
using DataUnion.Node.Security;
using DataUnion.Storage.Replication;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Apis;

/// <summary>Storage and replication at a glance, for the operator: the disk, the pins by holder, and each replication target's progress.</summary>
public static class StorageApi
{
    /// <summary>Maps <c>GET /api/v1/storage</c>.</summary>
    public static WebApplication MapStorageApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/v1/storage", Get).ForOperator().WithTags("Node")
            .WithSummary("Bytes of blocks on disk and free space, pins by mode and by kind of holder, and per replication target the pins replicated, waiting and failing.");
        return app;
    }

    private static StorageView Get(DataDirectory directory, IpfsStore store, LiteDbReplicationQueue queue, IOptions<ReplicationOptions> replication)
    {
        var blocks = new DirectoryInfo(directory.BlocksDirectory);
        var bytes = blocks.Exists ? blocks.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
        var free = new DriveInfo(directory.Root).AvailableFreeSpace;
        var pins = store.ListPins();
        var holders = pins.SelectMany(p => p.Owners.Select(o => o.Split(':')[0]).Distinct(StringComparer.Ordinal))
            .GroupBy(kind => kind, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var items = queue.List();
        var targets = replication.Value.Targets.Select(t =>
        {
            var mine = items.Where(i => i.Target == t.Name).ToList();
            return new TargetView(t.Name, t.Kind, mine.Count(i => i.Replicated), mine.Count(i => !i.Replicated && i.LastError is null),
                mine.Count(i => !i.Replicated && i.LastError is not null), mine.Where(i => i.LastError is not null).Select(i => i.LastError).LastOrDefault());
        }).ToList();
        return new StorageView(bytes, free, pins.Count(p => p.Mode == PinMode.Recursive), pins.Count(p => p.Mode == PinMode.Direct), holders, targets);
    }

    /// <summary>Answer of <c>GET /api/v1/storage</c>.</summary>
    /// <param name="BlockBytes">Bytes of the block store's files.</param>
    /// <param name="FreeBytes">Free space on the data directory's disk.</param>
    /// <param name="RecursivePins">Pins of whole DAGs.</param>
    /// <param name="DirectPins">Pins of single blocks.</param>
    /// <param name="PinsByHolder">Pins held by each kind of holder (rpc, pin-request, labeling, version).</param>
    /// <param name="Targets">Each configured replication target's progress.</param>
    public sealed record StorageView(long BlockBytes, long FreeBytes, int RecursivePins, int DirectPins, IReadOnlyDictionary<string, int> PinsByHolder, IReadOnlyList<TargetView> Targets);

    /// <summary>A replication target's progress.</summary>
    /// <param name="Name">Its configured name.</param>
    /// <param name="Kind">kubo-rpc or pinning-service.</param>
    /// <param name="Replicated">Pins it confirmed.</param>
    /// <param name="Waiting">Pins on their way.</param>
    /// <param name="Failing">Pins whose last try failed (they are tried again).</param>
    /// <param name="LastError">The latest failure.</param>
    public sealed record TargetView(string Name, string Kind, int Replicated, int Waiting, int Failing, string? LastError);
}
