using LiteDB;

namespace DataUnion.Storage.Pins;

/// <summary>
/// Gives the pins of a schema-1 node database their owners. Before owners, a pin could have come
/// from the Kubo RPC or from a Pinning Services API request, and which one was not recorded: each
/// pin is held by the RPC, and also by every pinned request for its CID, so deleting such a request
/// still lets go of its hold and nothing unpins what it did not pin. Images in labeling get
/// labeling's hold.
/// </summary>
internal static class PinOwnersMigration
{
    public static void Run(ILiteDatabase database)
    {
        var requestsByCid = database.GetCollection("pin_requests").Find(Query.EQ("status", "Pinned"))
            .GroupBy(r => Content(r["cid"].AsString), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => "pin-request:" + r["_id"].AsString).ToList(), StringComparer.Ordinal);
        var pins = database.GetCollection(LiteDbPinStore.CollectionName);
        foreach (var pin in pins.FindAll().Where(p => !p.ContainsKey("owners")).ToList())
        {
            var owners = new BsonArray { "rpc" };
            foreach (var request in requestsByCid.GetValueOrDefault(pin["_id"].AsString) ?? [])
            {
                owners.Add(request);
            }

            pin["owners"] = owners;
            pins.Update(pin);
        }
    }

    /// <summary>
    /// Every image in labeling holds its pin as <c>labeling:&lt;domain&gt;</c>. Images put up before
    /// that got no hold, so deleting the pin that brought one let garbage collection take it; their
    /// pins, where still there, get the hold now. The mode stays: a direct pin made recursive here
    /// without its blocks would stop every garbage collection.
    /// </summary>
    public static void AddLabelingOwners(ILiteDatabase database)
    {
        var pins = database.GetCollection(LiteDbPinStore.CollectionName);
        foreach (var image in database.GetCollection("labeling_images").FindAll().ToList())
        {
            if (pins.FindById(Content(image["_id"].AsString)) is not { } pin)
            {
                continue;
            }

            var owner = "labeling:" + image["Domain"].AsString;
            var owners = pin["owners"].IsArray ? pin["owners"].AsArray : [];
            if (!owners.Contains(owner))
            {
                owners.Add(owner);
            }

            pin["owners"] = owners;
            pins.Update(pin);
        }
    }

    // Pins are keyed by the CIDv1 of their content; requests keep the CID as it was asked for.
    private static string Content(string cid) => Core.Content.Cid.TryParse(cid, out var parsed, out _) ? parsed!.ToV1().ToString() : cid;
}
