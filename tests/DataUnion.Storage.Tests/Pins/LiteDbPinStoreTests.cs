using DataUnion.Core.Content;
using DataUnion.Core.Pinning;
using DataUnion.Storage.Pins;
using DataUnion.Testing;
using LiteDB;
using Microsoft.Extensions.Time.Testing;

namespace DataUnion.Storage.Tests.Pins;

public sealed class LiteDbPinStoreTests : IDisposable
{
    private static readonly Cid V0 = Cid.Parse("QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH");
    private static readonly Cid Raw = Cid.Parse("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    private NodeDatabase OpenDatabase() => NodeDatabase.Open(_directory.Combine("node.db"), _time);

    [Fact]
    public void Add_ThenFind_ReturnsThePinWithItsOwner()
    {
        using var database = OpenDatabase();
        var store = new LiteDbPinStore(database);

        store.Add(V0, PinMode.Recursive, "dataset v1", _time.GetUtcNow(), PinOwner.KuboRpc);

        var pin = store.Find(V0);
        Assert.NotNull(pin);
        Assert.Equal(V0, pin.Cid);
        Assert.Equal(PinMode.Recursive, pin.Mode);
        Assert.Equal("dataset v1", pin.Name);
        Assert.Equal(_time.GetUtcNow(), pin.Created);
        Assert.Equal(["rpc"], pin.Owners);
    }

    [Fact]
    public void Find_OtherCidVersionOfSameContent_FindsThePin()
    {
        using var database = OpenDatabase();
        var store = new LiteDbPinStore(database);
        store.Add(V0, PinMode.Direct, null, _time.GetUtcNow(), PinOwner.KuboRpc);

        Assert.NotNull(store.Find(V0.ToV1()));
        Assert.Equal(PinRelease.Unpinned, store.Release(V0.ToV1(), PinOwner.KuboRpc));
        Assert.Null(store.Find(V0));
    }

    [Fact]
    public void Add_DirectOverRecursive_StaysRecursive_AndKeepsTheFirstNameAndTime()
    {
        using var database = OpenDatabase();
        var store = new LiteDbPinStore(database);
        store.Add(V0, PinMode.Recursive, "first", _time.GetUtcNow(), PinOwner.KuboRpc);
        _time.Advance(TimeSpan.FromHours(1));

        store.Add(V0, PinMode.Direct, "second", _time.GetUtcNow(), PinOwner.Labeling("faces"));

        var pin = store.Find(V0)!;
        Assert.Equal(PinMode.Recursive, pin.Mode);
        Assert.Equal("first", pin.Name);
        Assert.Equal(_time.GetUtcNow() - TimeSpan.FromHours(1), pin.Created);
        Assert.Equal(["rpc", "labeling:faces"], pin.Owners);
    }

    [Fact]
    public void Release_EachOwner_UnpinsOnlyWithTheLast()
    {
        using var database = OpenDatabase();
        var store = new LiteDbPinStore(database);
        store.Add(Raw, PinMode.Recursive, null, _time.GetUtcNow(), PinOwner.PinRequest("abc"));
        store.Add(Raw, PinMode.Recursive, null, _time.GetUtcNow(), PinOwner.Labeling("faces"));

        Assert.Equal(PinRelease.NotOwner, store.Release(Raw, PinOwner.KuboRpc));
        Assert.Equal(PinRelease.Released, store.Release(Raw, PinOwner.PinRequest("abc")));
        Assert.Equal(PinRelease.NotOwner, store.Release(Raw, PinOwner.PinRequest("abc")));
        Assert.Equal(["labeling:faces"], store.Find(Raw)!.Owners);
        Assert.Equal(PinRelease.Unpinned, store.Release(Raw, PinOwner.Labeling("faces")));
        Assert.Equal(PinRelease.NotPinned, store.Release(Raw, PinOwner.Labeling("faces")));
    }

    [Fact]
    public void Add_SameOwnerTwice_HoldsOnce()
    {
        using var database = OpenDatabase();
        var store = new LiteDbPinStore(database);

        store.Add(Raw, PinMode.Recursive, null, _time.GetUtcNow(), PinOwner.KuboRpc);
        store.Add(Raw, PinMode.Recursive, null, _time.GetUtcNow(), PinOwner.KuboRpc);

        Assert.Equal(["rpc"], store.Find(Raw)!.Owners);
        Assert.Equal(PinRelease.Unpinned, store.Release(Raw, PinOwner.KuboRpc));
    }

    [Fact]
    public async Task AddAndRelease_ManyOwnersAtOnce_LoseNoHold()
    {
        using var database = OpenDatabase();
        var store = new LiteDbPinStore(database);
        store.Add(Raw, PinMode.Recursive, null, _time.GetUtcNow(), PinOwner.KuboRpc);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
        {
            store.Add(Raw, PinMode.Recursive, null, _time.GetUtcNow(), PinOwner.PinRequest($"r{i}"));
            if (i % 2 == 0)
            {
                store.Release(Raw, PinOwner.PinRequest($"r{i}"));
            }
        })));

        var owners = store.Find(Raw)!.Owners;
        Assert.Equal(21, owners.Count);
        Assert.All(Enumerable.Range(0, 40).Where(i => i % 2 == 1), i => Assert.Contains($"pin-request:r{i}", owners));
    }

    [Fact]
    public void List_ByMode_FiltersAndAllListsEvery()
    {
        using var database = OpenDatabase();
        var store = new LiteDbPinStore(database);
        store.Add(V0, PinMode.Recursive, null, _time.GetUtcNow(), PinOwner.KuboRpc);
        store.Add(Raw, PinMode.Direct, null, _time.GetUtcNow(), PinOwner.KuboRpc);

        Assert.Equal([V0], store.List(PinMode.Recursive).Select(p => p.Cid));
        Assert.Equal([Raw], store.List(PinMode.Direct).Select(p => p.Cid));
        Assert.Equal(2, store.List().Count);
    }

    [Fact]
    public void Pins_AfterReopeningTheDatabase_AreStillThere()
    {
        using (var database = OpenDatabase())
        {
            new LiteDbPinStore(database).Add(Raw, PinMode.Recursive, "kept", _time.GetUtcNow(), PinOwner.Version("v1"));
        }

        using var reopened = OpenDatabase();

        Assert.Equal("kept", new LiteDbPinStore(reopened).Find(Raw)?.Name);
        Assert.Equal(["version:v1"], new LiteDbPinStore(reopened).Find(Raw)?.Owners);
    }

    [Fact]
    public void Open_SchemaOneDatabase_GivesItsPinsTheRpcAndThePinnedRequestsAsOwners()
    {
        var path = _directory.Combine("node.db");
        using (var old = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }))
        {
            old.GetCollection("_schema").Insert(new BsonDocument { ["_id"] = "schema", ["Version"] = 1, ["CreatedUtc"] = _time.GetUtcNow().UtcDateTime });
            old.GetCollection("pins").Insert(new BsonDocument
            {
                ["_id"] = V0.ToV1().ToString(),
                ["cid"] = V0.ToString(),
                ["mode"] = "Recursive",
                ["name"] = BsonValue.Null,
                ["created"] = _time.GetUtcNow().UtcDateTime,
            });
            old.GetCollection("pin_requests").Insert(new BsonDocument { ["_id"] = "req1", ["cid"] = V0.ToString(), ["status"] = "Pinned" });
            old.GetCollection("pin_requests").Insert(new BsonDocument { ["_id"] = "req2", ["cid"] = V0.ToString(), ["status"] = "Queued" });
        }

        using var database = OpenDatabase();

        Assert.Equal(NodeDatabase.CurrentSchemaVersion, database.SchemaVersion);
        Assert.Equal(["rpc", "pin-request:req1"], new LiteDbPinStore(database).Find(V0)!.Owners);
    }

    [Fact]
    public void Open_SchemaTwoDatabase_GivesImagesInLabelingTheirDomainsHold_AndKeepsTheMode()
    {
        var path = _directory.Combine("node.db");
        using (var old = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }))
        {
            old.GetCollection("_schema").Insert(new BsonDocument { ["_id"] = "schema", ["Version"] = 2, ["CreatedUtc"] = _time.GetUtcNow().UtcDateTime });
            old.GetCollection("pins").Insert(new BsonDocument
            {
                ["_id"] = V0.ToV1().ToString(),
                ["cid"] = V0.ToString(),
                ["mode"] = "Direct",
                ["name"] = BsonValue.Null,
                ["created"] = _time.GetUtcNow().UtcDateTime,
                ["owners"] = new BsonArray { "rpc" },
            });
            // Images are named by whichever CID they were put up with; the pin by its CIDv1.
            old.GetCollection("labeling_images").Insert(new BsonDocument { ["_id"] = V0.ToString(), ["Domain"] = "faces" });
            old.GetCollection("labeling_images").Insert(new BsonDocument { ["_id"] = V0.ToV1().ToString(), ["Domain"] = "cars" });
            old.GetCollection("labeling_images").Insert(new BsonDocument { ["_id"] = Raw.ToString(), ["Domain"] = "faces" });
        }

        using var database = OpenDatabase();
        var store = new LiteDbPinStore(database);

        Assert.Equal(["labeling:cars", "labeling:faces", "rpc"], store.Find(V0)!.Owners.Order(StringComparer.Ordinal));
        Assert.Equal(PinMode.Direct, store.Find(V0)!.Mode);
        Assert.Null(store.Find(Raw));
    }

    [Fact]
    public void UpdateRequest_AfterItWasDeleted_IsFalse_AndDoesNotBringItBack()
    {
        using var database = OpenDatabase();
        var requests = new LiteDbPinRequestStore(database);
        var request = new PinRequest("r1", Raw, null, [], new Dictionary<string, string>(), PinRequestStatus.Queued, _time.GetUtcNow(), null, 0, _time.GetUtcNow());
        requests.Save(request);

        Assert.True(requests.Update(request with { Attempts = 1 }));
        Assert.True(requests.Delete("r1"));
        Assert.False(requests.Update(request with { Status = PinRequestStatus.Pinned }));
        Assert.Null(requests.Find("r1"));
    }

    [Fact]
    public void Add_NameLongerThanKubosLimit_IsRefused()
    {
        using var database = OpenDatabase();

        Assert.Throws<ArgumentException>(() => new LiteDbPinStore(database).Add(Raw, PinMode.Direct, new string('n', 256), _time.GetUtcNow(), PinOwner.KuboRpc));
    }

    public void Dispose() => _directory.Dispose();
}
