using DataUnion.Core.Labeling;
using LiteDB;

namespace DataUnion.Storage.Labeling;

/// <summary>An image in labeling (collection <c>labeling_images</c>).</summary>
internal sealed class ImageDocument
{
    public string Id { get; set; } = "";

    /// <summary>What the image is, whatever CID names it: see <see cref="ContentKey"/>.</summary>
    public string? Content { get; set; }

    public string Domain { get; set; } = "";

    public double Width { get; set; }

    public double Height { get; set; }

    public string Contributor { get; set; } = "";

    /// <summary>Expert boxes of a gold item; null for a real item.</summary>
    public List<BoxDocument>? Gold { get; set; }

    public bool IsGold { get; set; }

    private DateTime _added;

    public DateTime Added { get => _added; set => _added = StoredTime.Utc(value); }

    /// <summary>Counted answers.</summary>
    public int Answers { get; set; }

    /// <summary>Answers wanted before the consensus is judged again.</summary>
    public int Wanted { get; set; }

    /// <summary>Everyone the image was ever assigned to.</summary>
    public List<string> Seen { get; set; } = [];

    /// <summary>Open assignments: they count towards the overlap until they expire or are answered.</summary>
    public List<HoldDocument> Holds { get; set; } = [];

    public bool Finished { get; set; }

    private DateTime? _finishedAt;

    public DateTime? FinishedAt { get => _finishedAt; set => _finishedAt = StoredTime.Utc(value); }

    public List<ConsensusObjectDocument>? Consensus { get; set; }

    public double EmptyConfidence { get; set; }

    public double TotalWeight { get; set; }

    public double Doubt { get; set; }

    public double EffectiveVoters { get; set; }

    /// <summary>The voting power each labeler had when the image was finished: what the shares were computed with.</summary>
    public List<PowerDocument>? VotingPowers { get; set; }

    public List<ShareDocument>? Shares { get; set; }

    public int GoldAnswers { get; set; }

    public int GoldPasses { get; set; }

    public bool Retired { get; set; }

    /// <summary>Its contributor withdrew it: no more bundles, answers or shares.</summary>
    public bool Withdrawn { get; set; }

    /// <summary>
    /// The image's place in its domain's work queue, for an index that hands out work without
    /// reading every image: the domain, then most answers first (an image close to finished
    /// first), then oldest first. Null for gold, finished and withdrawn images, which are not in
    /// the queue. Computed from the fields whenever the document is written; never set.
    /// </summary>
    public string? Queue
    {
        get => IsGold || Finished || Withdrawn ? null : $"{Domain}|{MaxAnswers - Answers:D10}|{Added.Ticks:D19}|{Id}";
    }

    /// <summary>The domain of a gold item still in use, for an index of the gold; null for the rest. Never set.</summary>
    public string? GoldPool
    {
        get => IsGold && !Retired ? Domain : null;
    }

    /// <summary>The layout of the computed keys; documents written before them are written again at start.</summary>
    public int Keys => CurrentKeys;

    public const int CurrentKeys = 1;

    private const int MaxAnswers = 1_000_000_000;

    public BsonDocument ToBson() => new()
    {
        ["_id"] = Id,
        ["Content"] = Fields.Value(Content),
        ["Domain"] = Domain,
        ["Width"] = Width,
        ["Height"] = Height,
        ["Contributor"] = Contributor,
        ["Gold"] = Fields.Array(Gold, b => b.ToBson()),
        ["IsGold"] = IsGold,
        ["Added"] = Added,
        ["Answers"] = Answers,
        ["Wanted"] = Wanted,
        ["Seen"] = Fields.Array(Seen),
        ["Holds"] = Fields.Array(Holds, h => h.ToBson()),
        ["Finished"] = Finished,
        ["FinishedAt"] = Fields.Value(FinishedAt),
        ["Consensus"] = Fields.Array(Consensus, o => o.ToBson()),
        ["EmptyConfidence"] = EmptyConfidence,
        ["TotalWeight"] = TotalWeight,
        ["Doubt"] = Doubt,
        ["EffectiveVoters"] = EffectiveVoters,
        ["VotingPowers"] = Fields.Array(VotingPowers, p => new BsonDocument { ["Labeler"] = p.Labeler, ["Power"] = p.Power }),
        ["Shares"] = Fields.Array(Shares, s => new BsonDocument { ["Owner"] = s.Owner, ["Units"] = s.Units }),
        ["GoldAnswers"] = GoldAnswers,
        ["GoldPasses"] = GoldPasses,
        ["Retired"] = Retired,
        ["Withdrawn"] = Withdrawn,
        ["Queue"] = Fields.Value(Queue),
        ["GoldPool"] = Fields.Value(GoldPool),
        ["Keys"] = Keys,
    };

    public static ImageDocument FromBson(BsonDocument d) => new()
    {
        Id = Fields.String(d, "_id"),
        Content = Fields.StringOrNull(d, "Content"),
        Domain = Fields.String(d, "Domain"),
        Width = Fields.Double(d, "Width"),
        Height = Fields.Double(d, "Height"),
        Contributor = Fields.String(d, "Contributor"),
        Gold = Fields.DocumentsOrNull(d, "Gold", BoxDocument.FromBson),
        IsGold = Fields.Bool(d, "IsGold"),
        Added = Fields.Date(d, "Added"),
        Answers = Fields.Int(d, "Answers"),
        Wanted = Fields.Int(d, "Wanted"),
        Seen = Fields.Strings(d, "Seen"),
        Holds = Fields.Documents(d, "Holds", HoldDocument.FromBson),
        Finished = Fields.Bool(d, "Finished"),
        FinishedAt = Fields.DateOrNull(d, "FinishedAt"),
        Consensus = Fields.DocumentsOrNull(d, "Consensus", ConsensusObjectDocument.FromBson),
        EmptyConfidence = Fields.Double(d, "EmptyConfidence"),
        TotalWeight = Fields.Double(d, "TotalWeight"),
        Doubt = Fields.Double(d, "Doubt"),
        EffectiveVoters = Fields.Double(d, "EffectiveVoters"),
        VotingPowers = Fields.DocumentsOrNull(d, "VotingPowers", p => new PowerDocument { Labeler = Fields.String(p, "Labeler"), Power = Fields.Double(p, "Power") }),
        Shares = Fields.DocumentsOrNull(d, "Shares", s => new ShareDocument { Owner = Fields.String(s, "Owner"), Units = Fields.Long(s, "Units") }),
        GoldAnswers = Fields.Int(d, "GoldAnswers"),
        GoldPasses = Fields.Int(d, "GoldPasses"),
        Retired = Fields.Bool(d, "Retired"),
        Withdrawn = Fields.Bool(d, "Withdrawn"),
    };

    public LabelingItem ToItem() => new(Id, Width, Height, Contributor, Gold is null ? null : BoxDocument.ToBoxes(Gold));

    public int ActiveHolds(DateTime now) => Holds.Count(h => h.Until > now);

    /// <summary>
    /// The identity of an image id: a CID's multihash (so its CIDv0 and CIDv1 forms, and its raw
    /// and dag-pb codecs, are one image), or the id itself when it is not a CID.
    /// </summary>
    public static string ContentKey(string id) =>
        Core.Content.Cid.TryParse(id, out var cid, out _) ? "mh:" + Convert.ToHexStringLower(cid!.Hash.Bytes) : id;
}

/// <summary>An open assignment of an image.</summary>
internal sealed class HoldDocument
{
    public string Labeler { get; set; } = "";

    public string Bundle { get; set; } = "";

    private DateTime _until;

    public DateTime Until { get => _until; set => _until = StoredTime.Utc(value); }

    public BsonDocument ToBson() => new() { ["Labeler"] = Labeler, ["Bundle"] = Bundle, ["Until"] = Until };

    public static HoldDocument FromBson(BsonDocument d) => new() { Labeler = Fields.String(d, "Labeler"), Bundle = Fields.String(d, "Bundle"), Until = Fields.Date(d, "Until") };
}

/// <summary>A consensus object as stored.</summary>
internal sealed class ConsensusObjectDocument
{
    public BoxDocument Box { get; set; } = new();

    public double Confidence { get; set; }

    public List<string> Supporters { get; set; } = [];

    public List<double> SupporterIoU { get; set; } = [];

    /// <summary>The crowd model's probability that it is a real object; 1 in consensuses stored before it was kept.</summary>
    public double Posterior { get; set; } = 1;

    /// <summary>Each supporter's box, in the order of <see cref="Supporters"/>; empty in consensuses stored before boxes were kept.</summary>
    public List<BoxDocument> SupporterBoxes { get; set; } = [];

    public ConsensusObject ToObject()
    {
        var fused = Box.ToBox();
        var supporters = Supporters.Select((labeler, i) => new Supporter(
            labeler,
            i < SupporterBoxes.Count ? SupporterBoxes[i].ToBox().Box : fused.Box,
            SupporterIoU[i])).ToList();
        return new ConsensusObject(fused.Label, fused.Box, Confidence, supporters, Posterior);
    }

    public BsonDocument ToBson() => new()
    {
        ["Box"] = Box.ToBson(),
        ["Confidence"] = Confidence,
        ["Posterior"] = Posterior,
        ["Supporters"] = Fields.Array(Supporters),
        ["SupporterIoU"] = Fields.Array(SupporterIoU),
        ["SupporterBoxes"] = Fields.Array(SupporterBoxes, b => b.ToBson()),
    };

    public static ConsensusObjectDocument FromBson(BsonDocument d) => new()
    {
        Box = d["Box"].IsDocument ? BoxDocument.FromBson(d["Box"].AsDocument) : new(),
        Confidence = Fields.Double(d, "Confidence"),
        Posterior = d["Posterior"].IsNumber ? d["Posterior"].AsDouble : 1,
        Supporters = Fields.Strings(d, "Supporters"),
        SupporterIoU = Fields.Doubles(d, "SupporterIoU"),
        SupporterBoxes = Fields.Documents(d, "SupporterBoxes", BoxDocument.FromBson),
    };

    public static ConsensusObjectDocument From(ConsensusObject o) => new()
    {
        Box = BoxDocument.From(new LabeledBox(o.Label, o.Box)),
        Confidence = o.Confidence,
        Posterior = o.Posterior,
        Supporters = o.Supporters.Select(s => s.Labeler).ToList(),
        SupporterIoU = o.Supporters.Select(s => s.IoU).ToList(),
        SupporterBoxes = o.Supporters.Select(s => BoxDocument.From(new LabeledBox(o.Label, s.Box))).ToList(),
    };
}

/// <summary>A labeler's voting power as used.</summary>
internal sealed class PowerDocument
{
    public string Labeler { get; set; } = "";

    public double Power { get; set; }
}

/// <summary>Share units of one owner.</summary>
internal sealed class ShareDocument
{
    public string Owner { get; set; } = "";

    public long Units { get; set; }
}
