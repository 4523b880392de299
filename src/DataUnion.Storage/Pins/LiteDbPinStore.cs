using DataUnion.Core.Content;
using DataUnion.Core.Pinning;
using LiteDB;

namespace DataUnion.Storage.Pins;

/// <summary>Pins in the node's LiteDB file (collection <c>pins</c>), written in one transaction each.</summary>
public sealed class LiteDbPinStore(NodeDatabase database) : IPinStore
{
    private const string CollectionName = "pins";

    private ILiteCollection<BsonDocument> Pins => database.Database.GetCollection(CollectionName);

    /// <inheritdoc />
    public void Upsert(Pin pin)
    {
        ArgumentNullException.ThrowIfNull(pin);
        var existing = Find(pin.Cid);
        var mode = existing?.Mode == PinMode.Recursive ? PinMode.Recursive : pin.Mode;
        Pins.Upsert(new BsonDocument
        {
            ["_id"] = Key(pin.Cid),
            ["cid"] = pin.Cid.ToString(),
            ["mode"] = mode.ToString(),
            ["name"] = pin.Name is null ? BsonValue.Null : new BsonValue(pin.Name),
            ["created"] = (existing?.Created ?? pin.Created).UtcDateTime,
        });
    }

    /// <inheritdoc />
    public bool Remove(Cid cid)
    {
        ArgumentNullException.ThrowIfNull(cid);
        return Pins.Delete(Key(cid));
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

    private static Pin Read(BsonDocument document) => new(
        Cid.Parse(document["cid"].AsString),
        Enum.Parse<PinMode>(document["mode"].AsString),
        document["name"].IsNull ? null : document["name"].AsString,
        new DateTimeOffset(DateTime.SpecifyKind(document["created"].AsDateTime.ToUniversalTime(), DateTimeKind.Utc)));
}
