using DataUnion.Core.Labeling;
using LiteDB;

namespace DataUnion.Storage.Labeling;

/// <summary>A domain's settings (collection <c>labeling_domains</c>).</summary>
internal sealed class DomainDocument
{
    public string Id { get; set; } = "";

    public List<ClassDocument> Classes { get; set; } = [];

    public int MinOverlap { get; set; }

    public int MaxOverlap { get; set; }

    public double ConfidenceTarget { get; set; }

    public double GoldRatio { get; set; }

    public int QualificationSize { get; set; }

    public double PassMeanIoU { get; set; }

    public double PassPrecision { get; set; }

    public double PassRecall { get; set; }

    public long QualificationCooldownSeconds { get; set; }

    public int MaxBoxesPerImage { get; set; }

    public static DomainDocument From(LabelingDomain d) => new()
    {
        Id = d.Name,
        Classes = d.Classes.Select(c => new ClassDocument { Name = c.Key, IoUThreshold = c.Value }).ToList(),
        MinOverlap = d.MinOverlap,
        MaxOverlap = d.MaxOverlap,
        ConfidenceTarget = d.ConfidenceTarget,
        GoldRatio = d.GoldRatio,
        QualificationSize = d.QualificationSize,
        PassMeanIoU = d.PassMeanIoU,
        PassPrecision = d.PassPrecision,
        PassRecall = d.PassRecall,
        QualificationCooldownSeconds = (long)d.QualificationCooldown.TotalSeconds,
        MaxBoxesPerImage = d.MaxBoxesPerImage,
    };

    public BsonDocument ToBson() => new()
    {
        ["_id"] = Id,
        ["Classes"] = Fields.Array(Classes, c => new BsonDocument { ["Name"] = c.Name, ["IoUThreshold"] = c.IoUThreshold }),
        ["MinOverlap"] = MinOverlap,
        ["MaxOverlap"] = MaxOverlap,
        ["ConfidenceTarget"] = ConfidenceTarget,
        ["GoldRatio"] = GoldRatio,
        ["QualificationSize"] = QualificationSize,
        ["PassMeanIoU"] = PassMeanIoU,
        ["PassPrecision"] = PassPrecision,
        ["PassRecall"] = PassRecall,
        ["QualificationCooldownSeconds"] = QualificationCooldownSeconds,
        ["MaxBoxesPerImage"] = MaxBoxesPerImage,
    };

    public static DomainDocument FromBson(BsonDocument d) => new()
    {
        Id = Fields.String(d, "_id"),
        Classes = Fields.Documents(d, "Classes", c => new ClassDocument { Name = Fields.String(c, "Name"), IoUThreshold = Fields.Double(c, "IoUThreshold") }),
        MinOverlap = Fields.Int(d, "MinOverlap"),
        MaxOverlap = Fields.Int(d, "MaxOverlap"),
        ConfidenceTarget = Fields.Double(d, "ConfidenceTarget"),
        GoldRatio = Fields.Double(d, "GoldRatio"),
        QualificationSize = Fields.Int(d, "QualificationSize"),
        PassMeanIoU = Fields.Double(d, "PassMeanIoU"),
        PassPrecision = Fields.Double(d, "PassPrecision"),
        PassRecall = Fields.Double(d, "PassRecall"),
        QualificationCooldownSeconds = Fields.Long(d, "QualificationCooldownSeconds"),
        MaxBoxesPerImage = Fields.Int(d, "MaxBoxesPerImage"),
    };

    public LabelingDomain ToDomain() => new()
    {
        Name = Id,
        Classes = Classes.ToDictionary(c => c.Name, c => c.IoUThreshold, StringComparer.Ordinal),
        MinOverlap = MinOverlap,
        MaxOverlap = MaxOverlap,
        ConfidenceTarget = ConfidenceTarget,
        GoldRatio = GoldRatio,
        QualificationSize = QualificationSize,
        PassMeanIoU = PassMeanIoU,
        PassPrecision = PassPrecision,
        PassRecall = PassRecall,
        QualificationCooldown = TimeSpan.FromSeconds(QualificationCooldownSeconds),
        MaxBoxesPerImage = MaxBoxesPerImage,
    };
}

/// <summary>A class and its IoU threshold.</summary>
internal sealed class ClassDocument
{
    public string Name { get; set; } = "";

    public double IoUThreshold { get; set; }
}
