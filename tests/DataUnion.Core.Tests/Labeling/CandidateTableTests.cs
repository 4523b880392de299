using DataUnion.Core.Labeling;

namespace DataUnion.Core.Tests.Labeling;

public sealed class CandidateTableTests
{
    private static readonly string[] Labelers = ["a", "b", "c", "d", "e"];

    /// <summary>
    /// Five labelers with skills of their own, three faces an image, every box jittered and each
    /// image missing one labeler's box: every candidate is kept and none is split, so the
    /// per-image path decides the very candidates the table holds.
    /// </summary>
    private static List<CrowdImage> Crowd(int images)
    {
        var random = new Random(11);
        var result = new List<CrowdImage>();
        for (var i = 0; i < images; i++)
        {
            // One labeler misses one face in each image.
            var missing = random.Next(0, Labelers.Length * 3);
            var submissions = Labelers.Select((labeler, l) => new Submission(labeler, [.. Enumerable.Range(0, 3)
                .Where(face => missing != (l * 3) + face)
                .Select(face => new LabeledBox("face", new Box(
                    (face * 150) + 20 + (random.NextDouble() * 6),
                    50 + (random.NextDouble() * 6),
                    60 + (random.NextDouble() * 8),
                    80 + (random.NextDouble() * 8))))])).ToList();
            result.Add(new CrowdImage($"i{i}", 640, 480, submissions));
        }

        return result;
    }

    private static CrowdModel Model()
    {
        var skills = Labelers.Select((labeler, l) => (labeler, new LabelerSkill(
            0.05 + (0.04 * l),
            0.1 + (0.03 * l),
            new BoxSides(0.03 + (0.01 * l), 0.05, 0.04, 0.06 - (0.005 * l)),
            new BoxSides(0.01 * l, -0.02, 0.015, -0.01 * l))))
            .ToDictionary(x => x.labeler, x => x.Item2);
        return new CrowdModel(LabelerSkill.Default, 0.6, skills, 0.2, 0.5);
    }

    [Fact]
    public void Round_GathersTheSameEvidenceAsTheNodesPerImagePath()
    {
        var options = new ConsensusOptions();
        var model = Model();
        var images = Crowd(40);
        var power = new Dictionary<string, double> { ["a"] = 1, ["b"] = 2, ["c"] = 0.5, ["d"] = 1, ["e"] = 3 };
        var ids = Labelers.Select((labeler, l) => (labeler, l)).ToDictionary(x => x.labeler, x => x.l);

        var prepared = images.Select(i => ConsensusBuilder.Prepare(i.Submissions, l => power[l], model, options)).ToList();
        var table = new CandidateTable(prepared, images.Select(i => i.Submissions.Select(s => ids[s.Labeler]).ToArray()).ToList(), Labelers.Length);
        var anchors = Labelers.Select(_ => new SkillEvidence()).ToList();
        var fromTable = table.Round([.. Labelers.Select(model.SkillOf)], model, anchors);

        var perImage = Labelers.ToDictionary(l => l, _ => new SkillEvidence());
        foreach (var image in images)
        {
            var result = ConsensusBuilder.Build(image.Submissions, l => power[l], model, options);
            Assert.Equal(3, result.Consensus.Objects.Count);
            Assert.Empty(result.Consensus.Dropped ?? []);
            result.AddEvidence(l => perImage[l]);
        }

        foreach (var (labeler, id) in ids)
        {
            var expected = perImage[labeler].ToArray();
            var actual = fromTable[id].ToArray();
            Assert.Equal(expected.Length, actual.Length);
            for (var k = 0; k < expected.Length; k++)
            {
                Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-9 * Math.Max(1, Math.Abs(expected[k])), $"{labeler}[{k}]: per image {expected[k]}, table {actual[k]}");
            }

            Assert.True(perImage[labeler].Edges > 0, $"{labeler} has no edge evidence");
        }
    }
}
