using DataUnion.Core.Content;
using DataUnion.Core.Pinning;
using DataUnion.Storage.Pins;
using DataUnion.Testing;
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
    public void Upsert_ThenFind_ReturnsThePinAsPinned()
    {
        using var database = OpenDatabase();
        var store = new LiteDbPinStore(database);

        store.Upsert(new Pin(V0, PinMode.Recursive, "dataset v1", _time.GetUtcNow()));

        var pin = store.Find(V0);
        Assert.NotNull(pin);
        Assert.Equal(V0, pin.Cid);
        Assert.Equal(PinMode.Recursive, pin.Mode);
        Assert.Equal("dataset v1", pin.Name);
        Assert.Equal(_time.GetUtcNow(), pin.Created);
    }

    [Fact]
    public void Find_OtherCidVersionOfSameContent_FindsThePin()
    {
        using var database = OpenDatabase();
        var store = new LiteDbPinStore(database);
        store.Upsert(new Pin(V0, PinMode.Direct, null, _time.GetUtcNow()));

        Assert.NotNull(store.Find(V0.ToV1()));
        Assert.True(store.Remove(V0.ToV1()));
        Assert.Null(store.Find(V0));
    }

    [Fact]
    public void Upsert_DirectOverRecursive_StaysRecursive()
    {
        using var database = OpenDatabase();
        var store = new LiteDbPinStore(database);
        store.Upsert(new Pin(V0, PinMode.Recursive, null, _time.GetUtcNow()));

        store.Upsert(new Pin(V0, PinMode.Direct, null, _time.GetUtcNow()));

        Assert.Equal(PinMode.Recursive, store.Find(V0)!.Mode);
    }

    [Fact]
    public void List_ByMode_FiltersAndAllListsEvery()
    {
        using var database = OpenDatabase();
        var store = new LiteDbPinStore(database);
        store.Upsert(new Pin(V0, PinMode.Recursive, null, _time.GetUtcNow()));
        store.Upsert(new Pin(Raw, PinMode.Direct, null, _time.GetUtcNow()));

        Assert.Equal([V0], store.List(PinMode.Recursive).Select(p => p.Cid));
        Assert.Equal([Raw], store.List(PinMode.Direct).Select(p => p.Cid));
        Assert.Equal(2, store.List().Count);
    }

    [Fact]
    public void Pins_AfterReopeningTheDatabase_AreStillThere()
    {
        using (var database = OpenDatabase())
        {
            new LiteDbPinStore(database).Upsert(new Pin(Raw, PinMode.Recursive, "kept", _time.GetUtcNow()));
        }

        using var reopened = OpenDatabase();

        Assert.Equal("kept", new LiteDbPinStore(reopened).Find(Raw)?.Name);
    }

    [Fact]
    public void Remove_NotPinned_ReturnsFalse()
    {
        using var database = OpenDatabase();

        Assert.False(new LiteDbPinStore(database).Remove(Raw));
    }

    public void Dispose() => _directory.Dispose();
}
