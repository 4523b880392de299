using DataUnion.Core.Labeling;

namespace DataUnion.Core.Tests.Labeling.Simulation;

/// <summary>What kind of labeler a simulated crowd member is.</summary>
public enum LabelerKind
{
    Honest,
    Spammer,
    Colluder,
}

/// <summary>One simulated labeler.</summary>
public sealed record SimulatedLabeler(string Id, LabelerKind Kind, double Stake);

/// <summary>A crowd to simulate.</summary>
public sealed record CrowdScenario
{
    public int Seed { get; init; } = 2026;

    public int Images { get; init; } = 400;

    public int LabelersPerImage { get; init; } = 5;

    public int Honest { get; init; } = 40;

    public int Spammers { get; init; } = 10;

    public int Colluders { get; init; }

    /// <summary>Share of all stake the colluders hold together.</summary>
    public double ColluderStakeShare { get; init; }

    /// <summary>Box noise of honest labelers: each edge moves by N(0, σ × the box's size).</summary>
    public double Sigma { get; init; } = 0.1;

    public double FalseNegativeRate { get; init; } = 0.05;

    public double FalsePositiveRate { get; init; } = 0.05;

    public int GoldPerLabeler { get; init; } = 10;

    /// <summary>Overlap settings of the dynamic-overlap run.</summary>
    public LabelingDomain Domain { get; init; } = new() { Name = "faces", Classes = new Dictionary<string, double> { ["face"] = 0.5 }, MinOverlap = 3, MaxOverlap = 7 };
}

/// <summary>
/// One simulation: the crowd model's consensus (learned by EM, voting power as the economic
/// weight) with a fixed overlap, the unweighted majority baseline on the same answers, the same
/// model told exactly who is honest (the ceiling), and the learned model's consensus with the
/// engine's dynamic overlap.
/// </summary>
public sealed record CrowdRun(CrowdResult Weighted, CrowdResult Unweighted, CrowdResult PerfectFilter, CrowdResult Dynamic, CommonObjects Common);

/// <summary>Mean IoU of the weighted and the unweighted consensus on the true objects both found: a like-for-like comparison.</summary>
public sealed record CommonObjects(double WeightedIoU, double UnweightedIoU, int Objects);

/// <summary>What a run measured, for one way of weighting.</summary>
public sealed record CrowdResult(double MeanIoU, double Precision, double Recall, double SpammersCaught, double LabelsPerImage)
{
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>
/// Synthetic images with ground truth, and crowds of honest labelers (misses, false boxes and
/// box noise), spammers (random boxes) and colluders (the same wrong boxes, much stake). Each
/// labeler first answers gold items; their smoothed gold accuracy and stake give their voting
/// power. Every image then gets distinct labelers and two consensuses: weighted, and the plain
/// unweighted majority with mean fusion.
/// </summary>
public static class CrowdSimulator
{
    private const double Width = 640;
    private const double Height = 480;
    private static readonly ConsensusOptions Options = new();

    public static CrowdRun Run(CrowdScenario scenario)
    {
        var random = new Random(scenario.Seed);
        var dynamicRandom = new Random(scenario.Seed + 1);
        var crowd = MakeCrowd(scenario);
        var clock = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
        var power = new VotingPower();

        // Gold qualification: each labeler's smoothed accuracy on hidden gold items.
        var weights = new Dictionary<string, double>();
        var caught = 0;
        foreach (var labeler in crowd)
        {
            var record = GoldAccuracy.None(clock);
            for (var g = 0; g < scenario.GoldPerLabeler; g++)
            {
                var truth = MakeImage(random);
                var answer = Answer(labeler, truth, scenario, random, colluderSeed: g);
                var passed = ObjectMatch.Of(answer, truth, Options).Passes(minMeanIoU: 0.6, minPrecision: 0.7, minRecall: 0.7);
                record = record.With(passed, clock.AddMinutes(g), TimeSpan.FromDays(30));
            }

            weights[labeler.Id] = power.Of(record.Accuracy, labeler.Stake);
            if (labeler.Kind != LabelerKind.Honest && record.Answers >= 3 && record.Accuracy < 0.5)
            {
                caught++;
            }
        }

        var truths = new List<List<LabeledBox>>();
        var images = new List<CrowdImage>();
        for (var i = 0; i < scenario.Images; i++)
        {
            var truth = MakeImage(random);
            var chosen = crowd.OrderBy(_ => random.Next()).Take(scenario.LabelersPerImage).ToList();
            truths.Add(truth);
            images.Add(new CrowdImage($"image-{i}", Width, Height, chosen.Select(l => new Submission(l.Id, Answer(l, truth, scenario, random, colluderSeed: 1000 + i))).ToList()));
        }

        // The crowd model learned over every image, with voting power as the economic weight.
        var noGold = new Dictionary<string, IReadOnlyList<LabeledBox>>();
        var (model, weightedResults) = CrowdModel.Fit(images, noGold, id => weights[id], Options, new FitOptions());
        // The ceiling: the same model, told exactly who is honest.
        var (_, oracleResults) = CrowdModel.Fit(images, noGold, id => id.StartsWith("honest", StringComparison.Ordinal) ? 1 : 1e-9, Options, new FitOptions());
        var weighted = new Tally();
        var unweighted = new Tally();
        var oracle = new Tally();
        var dynamic = new Tally();
        var common = new CommonTally();
        var dynamicLabels = 0;
        for (var i = 0; i < scenario.Images; i++)
        {
            var truth = truths[i];
            var weightedConsensus = weightedResults[i].Consensus;
            var unweightedConsensus = ConsensusBuilder.Build(images[i].Submissions, _ => 1, Options).Consensus;
            weighted.Add(truth, weightedConsensus);
            unweighted.Add(truth, unweightedConsensus);
            common.Add(truth, weightedConsensus, unweightedConsensus);
            oracle.Add(truth, oracleResults[i].Consensus);
            dynamicLabels += Dynamic(truth, crowd, weights, model, scenario, dynamicRandom, dynamic, 1000 + i);
        }

        var dishonest = crowd.Count(l => l.Kind != LabelerKind.Honest);
        var caughtShare = dishonest == 0 ? 1 : (double)caught / dishonest;
        return new CrowdRun(
            weighted.Result(caughtShare, scenario.LabelersPerImage),
            unweighted.Result(0, scenario.LabelersPerImage),
            oracle.Result(1, scenario.LabelersPerImage),
            dynamic.Result(caughtShare, (double)dynamicLabels / scenario.Images),
            common.Result());
    }

    /// <summary>
    /// The engine's dynamic overlap on the same image: labelers are added one at a time from the
    /// domain's minimum until the consensus confidence reaches its target or the maximum is reached.
    /// </summary>
    /// <returns>The labels spent.</returns>
    private static int Dynamic(List<LabeledBox> truth, List<SimulatedLabeler> crowd, Dictionary<string, double> weights, CrowdModel model, CrowdScenario s, Random random, Tally tally, int colluderSeed)
    {
        var order = crowd.OrderBy(_ => random.Next()).ToList();
        var submissions = new List<Submission>();
        ImageConsensus consensus;
        do
        {
            var labeler = order[submissions.Count];
            submissions.Add(new Submission(labeler.Id, Answer(labeler, truth, s, random, colluderSeed)));
            consensus = ConsensusBuilder.Build(submissions, id => weights[id], model, Options).Consensus;
        }
        while (!s.Domain.IsFinished(submissions.Count, consensus));

        tally.Add(truth, consensus);
        return submissions.Count;
    }

    private static List<SimulatedLabeler> MakeCrowd(CrowdScenario s)
    {
        var crowd = new List<SimulatedLabeler>();
        var honestStake = 1e18;
        for (var i = 0; i < s.Honest; i++)
        {
            crowd.Add(new SimulatedLabeler($"honest-{i}", LabelerKind.Honest, honestStake));
        }

        for (var i = 0; i < s.Spammers; i++)
        {
            crowd.Add(new SimulatedLabeler($"spammer-{i}", LabelerKind.Spammer, honestStake));
        }

        if (s.Colluders > 0)
        {
            // Their stake together is ColluderStakeShare of everyone's.
            var others = (s.Honest + s.Spammers) * honestStake;
            var each = others * s.ColluderStakeShare / (1 - s.ColluderStakeShare) / s.Colluders;
            for (var i = 0; i < s.Colluders; i++)
            {
                crowd.Add(new SimulatedLabeler($"colluder-{i}", LabelerKind.Colluder, each));
            }
        }

        return crowd;
    }

    private static List<LabeledBox> MakeImage(Random random)
    {
        var boxes = new List<LabeledBox>();
        var count = random.Next(0, 5);
        var attempts = 0;
        while (boxes.Count < count && attempts++ < 100)
        {
            var w = 30 + (random.NextDouble() * 120);
            var h = 30 + (random.NextDouble() * 120);
            var box = new Box(random.NextDouble() * (Width - w), random.NextDouble() * (Height - h), w, h);
            if (boxes.All(b => b.Box.IoU(box) < 0.1))
            {
                boxes.Add(new LabeledBox("face", box));
            }
        }

        return boxes;
    }

    private static List<LabeledBox> Answer(SimulatedLabeler labeler, List<LabeledBox> truth, CrowdScenario s, Random random, int colluderSeed) => labeler.Kind switch
    {
        LabelerKind.Honest => Honest(truth, s, random),
        LabelerKind.Spammer => Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomBox(random)).ToList(),
        _ => Colluding(truth, colluderSeed),
    };

    private static List<LabeledBox> Honest(List<LabeledBox> truth, CrowdScenario s, Random random)
    {
        var answer = new List<LabeledBox>();
        foreach (var (label, box) in truth)
        {
            if (random.NextDouble() < s.FalseNegativeRate)
            {
                continue;
            }

            double Noise(double size) => Gaussian(random) * s.Sigma * size;
            var x1 = Math.Clamp(box.X + Noise(box.Width), 0, Width - 1);
            var y1 = Math.Clamp(box.Y + Noise(box.Height), 0, Height - 1);
            var x2 = Math.Clamp(box.Right + Noise(box.Width), x1 + 1, Width);
            var y2 = Math.Clamp(box.Bottom + Noise(box.Height), y1 + 1, Height);
            answer.Add(new LabeledBox(label, new Box(x1, y1, x2 - x1, y2 - y1)));
        }

        if (random.NextDouble() < s.FalsePositiveRate)
        {
            answer.Add(RandomBox(random));
        }

        return answer;
    }

    /// <summary>Every colluder gives the same wrong answer for an image: each object shifted by 60 % of its width, and one invented object.</summary>
    private static List<LabeledBox> Colluding(List<LabeledBox> truth, int seed)
    {
        var shared = new Random(seed * 7919);
        var answer = truth.Select(t => new LabeledBox(t.Label, t.Box with { X = Math.Min(Width - t.Box.Width, t.Box.X + (0.6 * t.Box.Width)) })).ToList();
        answer.Add(RandomBox(shared));
        return answer;
    }

    private static LabeledBox RandomBox(Random random)
    {
        var w = 20 + (random.NextDouble() * 100);
        var h = 20 + (random.NextDouble() * 100);
        return new LabeledBox("face", new Box(random.NextDouble() * (Width - w), random.NextDouble() * (Height - h), w, h));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>The true objects that two consensuses both found, each with its IoU in each.</summary>
    private sealed class CommonTally
    {
        private double _weighted;
        private double _unweighted;
        private int _objects;

        public void Add(List<LabeledBox> truth, ImageConsensus weighted, ImageConsensus unweighted)
        {
            foreach (var (label, box) in truth)
            {
                var a = Best(weighted, label, box);
                var b = Best(unweighted, label, box);
                if (a >= 0.5 && b >= 0.5)
                {
                    _weighted += a;
                    _unweighted += b;
                    _objects++;
                }
            }
        }

        public CommonObjects Result() => new(_objects == 0 ? 0 : _weighted / _objects, _objects == 0 ? 0 : _unweighted / _objects, _objects);

        private static double Best(ImageConsensus consensus, string label, Box box) =>
            consensus.Objects.Where(o => o.Label == label).Select(o => o.Box.IoU(box)).DefaultIfEmpty(0).Max();
    }

    /// <summary>Consensus against truth, summed over images.</summary>
    private sealed class Tally
    {
        private double _iouSum;
        private int _matched;
        private int _consensusObjects;
        private int _truthObjects;

        public void Add(List<LabeledBox> truth, ImageConsensus consensus)
        {
            var answer = consensus.Objects.Select(o => new LabeledBox(o.Label, o.Box)).ToList();
            var grade = ObjectMatch.Of(answer, truth, Options);
            _iouSum += grade.MeanIoU * grade.Matched;
            _matched += grade.Matched;
            _consensusObjects += answer.Count;
            _truthObjects += truth.Count;
        }

        public CrowdResult Result(double caught, double labelsPerImage) => new(
            _matched == 0 ? 0 : _iouSum / _matched,
            _consensusObjects == 0 ? 1 : (double)_matched / _consensusObjects,
            _truthObjects == 0 ? 1 : (double)_matched / _truthObjects,
            caught,
            labelsPerImage);
    }
}
