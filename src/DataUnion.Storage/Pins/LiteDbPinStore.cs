using DataUnion.Core.Content;
using DataUnion.Core.Pinning;
using LiteDB;

namespace DataUnion.Storage.Pins;

/// <summary>
/// Pins in the node's LiteDB file (collection <c>pins</c>), one document per CID with its owners.
/// Every change is a read and a write under one lock, so two owners pinning or letting go at once
/// never lose each other's hold.
/// </summary>
public sealed class LiteDbPinStore(NodeDatabase database) : IPinStore
{
    /// <summary>The collection's name.</summary>
    public const string CollectionName = "pins";

    /// <summary>Longest pin name, in characters (kubo's limit).</summary>
    public const int MaxNameLength = 255;

    private readonly Lock _lock = new();

    private ILiteCollection<BsonDocument> Pins => database.Database.GetCollection(CollectionName);

    /// <inheritdoc />
    public Pin Add(Cid cid, PinMode mode, string? name, DateTimeOffset now, PinOwner owner)
    {
        ArgumentNullException.ThrowIfNull(cid);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner.Value, nameof(owner));
        if (name is { Length: > MaxNameLength })
        {
            throw new ArgumentException($"a pin name has at most {MaxNameLength} characters", nameof(name));
        }

        lock (_lock)
        {
            var existing = Find(cid);
            var pin = existing is null
                ? new Pin(cid, mode, name, now, [owner.Value])
                : existing with
                {
                    Mode = existing.Mode == PinMode.Recursive ? PinMode.Recursive : mode,
                    Name = existing.Name ?? name,
                    Owners = existing.Owners.Contains(owner.Value, StringComparer.Ordinal) ? existing.Owners : [.. existing.Owners, owner.Value],
                };
            Pins.Upsert(Write(pin));
            return pin;
        }
    }

    /// <inheritdoc />
    public PinRelease Release(Cid cid, PinOwner owner)
    {
        ArgumentNullException.ThrowIfNull(cid);
        lock (_lock)
        {
            if (Find(cid) is not { } pin)
            {
                return PinRelease.NotPinned;
            }

            if (!pin.Owners.Contains(owner.Value, StringComparer.Ordinal))
            {
                return PinRelease.NotOwner;
            }

            var owners = pin.Owners.Where(o => o != owner.Value).ToList();
            if (owners.Count == 0)
            {
                Pins.Delete(Key(cid));
                return PinRelease.Unpinned;
            }

            Pins.Upsert(Write(pin with { Owners = owners }));
            return PinRelease.Released;
        }
    }

    /// <inheritdoc />
    public Pin? Find(Cid cid)
    {
        ArgumentNullException.ThrowIfNull(cid);
        var document = Pins.FindById(Key(cid));
        return document is null ? null : Read(document);
    }

    /// <inheritdoc />
    public IReadOnlyList<Pin> List(PinMode? mode = null)
    {
        var documents = mode is { } m ? Pins.Find(Query.EQ("mode", m.ToString())) : Pins.FindAll();
        return documents.Select(Read).ToList();
    }

    private static string Key(Cid cid) => cid.ToV1().ToString();

    private static BsonDocument Write(Pin pin) => new()
    {
        ["_id"] = Key(pin.Cid),
        ["cid"] = pin.Cid.ToString(),
        ["mode"] = pin.Mode.ToString(),
        ["name"] = pin.Name is null ? BsonValue.Null : new BsonValue(pin.Name),
        ["created"] = pin.Created.UtcDateTime,
        ["owners"] = new BsonArray(pin.Owners.Select(o => new BsonValue(o))),
    };

    private static Pin Read(BsonDocument document) => new(
        Cid.Parse(document["cid"].AsString),
        Enum.Parse<PinMode>(document["mode"].AsString),
        document["name"].IsNull ? null : document["name"].AsString,
        new DateTimeOffset(DateTime.SpecifyKind(document["created"].AsDateTime.ToUniversalTime(), DateTimeKind.Utc)),
        document["owners"].AsArray.Select(o => o.AsString).ToList());
}
