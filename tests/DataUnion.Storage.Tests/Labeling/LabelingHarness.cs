using DataUnion.Core.Labeling;
using DataUnion.Storage.Labeling;
using DataUnion.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DataUnion.Storage.Tests.Labeling;

/// <summary>
/// A labeling engine on a real LiteDB file in a temp folder, with a fake clock, a seeded random
/// source and a "faces" domain whose images carry known true boxes, so a test can answer
/// truthfully or badly without knowing which items are gold.
/// </summary>
internal sealed class LabelingHarness : IDisposable
{
    public static readonly LabelingDomain Faces = new()
    {
        Name = "faces",
        Classes = new Dictionary<string, double> { ["face"] = 0.5 },
        MinOverlap = 3,
        MaxOverlap = 5,
        GoldRatio = 0.25,
        QualificationSize = 3,
    };

    private readonly TempDirectory _directory = new();
    private readonly Dictionary<string, IReadOnlyList<LabeledBox>> _truth = new(StringComparer.Ordinal);
    private NodeDatabase _database;

    public LabelingHarness(LabelingOptions? options = null)
    {
        Options = options ?? new LabelingOptions { BundleSize = 4 };
        _database = NodeDatabase.Open(DatabasePath, Time);
        Engine = new LabelingEngine(_database, Stakes, Time, Options, new Random(7));
        Engine.SaveDomain(Faces);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    public FixedStakes Stakes { get; } = new();

    public LabelingOptions Options { get; }

    public LabelingEngine Engine { get; private set; }

    public string DatabasePath => _directory.Combine("node.db");

    public static IReadOnlyList<LabeledBox> Face(double x, double y, double size = 40) => [new("face", new Box(x, y, size, size))];

    /// <summary>Adds gold items g0..g(n-1), each with one face.</summary>
    public void AddGold(int count, int from = 0)
    {
        for (var i = from; i < from + count; i++)
        {
            var boxes = Face(10 + i, 20);
            _truth[$"g{i}"] = boxes;
            Engine.AddImage("faces", new LabelingItem($"g{i}", 200, 100, "0xcontributor", boxes));
        }
    }

    /// <summary>Adds real images r0..r(n-1), each with one face the labelers should find.</summary>
    public void AddReal(int count, int from = 0)
    {
        for (var i = from; i < from + count; i++)
        {
            _truth[$"r{i}"] = Face(100 - i, 30);
            Engine.AddImage("faces", new LabelingItem($"r{i}", 200, 100, "0xcontributor"));
        }
    }

    public IReadOnlyList<ItemAnswer> Truthful(TaskBundle bundle) => bundle.Items.Select(i => new ItemAnswer(i.Image, _truth[i.Image])).ToList();

    public IReadOnlyList<LabeledBox> TruthOf(string image) => _truth[image];

    public static IReadOnlyList<ItemAnswer> Nothing(TaskBundle bundle) => bundle.Items.Select(i => new ItemAnswer(i.Image, [])).ToList();

    /// <summary>Answers after a believable pause.</summary>
    public SubmissionReceipt Answer(TaskBundle bundle, IReadOnlyList<ItemAnswer> answers)
    {
        Time.Advance(TimeSpan.FromSeconds(5 * bundle.Items.Count));
        return Engine.Submit(bundle.Id, bundle.Labeler, answers);
    }

    /// <summary>Takes <paramref name="labeler"/> through the qualification with truthful answers.</summary>
    public void Qualify(string labeler)
    {
        while (Engine.Labeler("faces", labeler).Qualification.State == QualificationState.Qualifying)
        {
            var bundle = Engine.RequestBundle("faces", labeler);
            Answer(bundle, Truthful(bundle));
        }
    }

    /// <summary>Closes and reopens the database file, as a node restart does.</summary>
    public void Reopen()
    {
        _database.Dispose();
        _database = NodeDatabase.Open(DatabasePath, Time);
        Engine = new LabelingEngine(_database, Stakes, Time, Options, new Random(8));
    }

    /// <summary>Changes every stored image document as it is on disk, then reopens the engine (as a node started on an older file).</summary>
    public void RewriteStoredImages(Action<LiteDB.BsonDocument> change) => RewriteStored("labeling_images", change);

    /// <summary>Changes every document of <paramref name="collection"/> as it is on disk, then reopens the engine.</summary>
    public void RewriteStored(string collection, Action<LiteDB.BsonDocument> change)
    {
        var documents = _database.Database.GetCollection(collection);
        foreach (var document in documents.FindAll().ToList())
        {
            change(document);
            documents.Update(document);
        }

        Reopen();
    }

    public void Dispose()
    {
        _database.Dispose();
        _directory.Dispose();
    }
}
