using System.CommandLine;
using System.Text.Json;
using DataUnion.Core.Labeling;

namespace DataUnion.Cli.Commands;

/// <summary><c>dataunion consensus</c>: aggregates a crowd file offline, without a node.</summary>
internal static class ConsensusCommand
{
    public static Command Create(CliConsole console)
    {
        var input = new Option<string>("--input", "-i") { Description = "Submissions JSON (format in the README).", Required = true };
        var gold = new Option<string?>("--gold") { Description = "Expert boxes of the gold images, which grade the labelers." };
        var stakes = new Option<string?>("--stakes") { Description = "Stake per labeler in token base units." };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the result JSON.", Required = true };
        var command = new Command("consensus", "Aggregate crowd boxes offline: weighted consensus per image with confidences, and a score per labeler.\nExample: dataunion consensus --input crowd.json --gold gold.json --output consensus.json")
        {
            input, gold, stakes, output,
        };
        command.SetAction(async (parse, _) =>
        {
            try
            {
                var crowd = ConsensusFiles.ReadSubmissions(parse.GetValue(input)!);
                var goldBoxes = parse.GetValue(gold) is { } goldPath ? ConsensusFiles.ReadGold(goldPath, crowd) : new Dictionary<string, IReadOnlyList<LabeledBox>>();
                var stakeMap = parse.GetValue(stakes) is { } stakePath ? ConsensusFiles.ReadStakes(stakePath) : new Dictionary<string, double>();
                var (images, labelers, model) = CrowdAggregation.Run(crowd.Images, goldBoxes, stakeMap, crowd.Options, new VotingPower());
                var result = new
                {
                    model = new
                    {
                        iterations = model.Iterations,
                        objectPrior = Round(model.ObjectPrior),
                        crowd = Skill(model.Crowd),
                    },
                    images = images.Select(x => new
                    {
                        id = x.Image.Id,
                        empty = x.Consensus.IsEmpty,
                        confidence = Round(x.Consensus.Confidence),
                        objects = x.Consensus.Objects.Select(o => new
                        {
                            label = o.Label,
                            box = new[] { Round(o.Box.X), Round(o.Box.Y), Round(o.Box.Width), Round(o.Box.Height) },
                            confidence = Round(o.Confidence),
                            posterior = Round(o.Posterior),
                            supporters = o.Supporters.Select(s => s.Labeler),
                        }),
                    }),
                    labelers = labelers.Select(l => new
                    {
                        labeler = l.Labeler,
                        gold = new { answers = l.GoldAnswers, passed = l.GoldPassed },
                        reputation = Round(l.Reputation),
                        votingPower = Round(l.VotingPower),
                        images = l.Images,
                        meanIoU = Round(l.MeanIoU),
                        precision = Round(l.Precision),
                        recall = Round(l.Recall),
                        score = Round(l.Score),
                        skill = Skill(l.Skill),
                    }),
                };
                var path = parse.GetValue(output)!;
                var temporary = path + ".tmp";
                await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
                File.Move(temporary, path, overwrite: true);
                await console.Out.WriteLineAsync($"{images.Count} image(s) aggregated, {goldBoxes.Count} gold, {labelers.Count} labeler(s): {path}").ConfigureAwait(false);
                return 0;
            }
            catch (Exception ex) when (ex is CliFailureException or IOException or UnauthorizedAccessException)
            {
                await console.Error.WriteLineAsync($"dataunion: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
            catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or FormatException)
            {
                // JsonElement's accessors throw these on a missing field or a value of the wrong kind.
                await console.Error.WriteLineAsync($"dataunion: an input file does not follow the format in the README: {ex.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }

    private static double Round(double value) => Math.Round(value, 4);

    private static object Skill(LabelerSkill skill) => new
    {
        missRate = Round(skill.MissRate),
        falseBoxRate = Round(skill.FalseBoxRate),
        noise = Sides(skill.Noise),
        bias = Sides(skill.Bias),
    };

    private static object Sides(BoxSides sides) => new { left = Round(sides.Left), top = Round(sides.Top), right = Round(sides.Right), bottom = Round(sides.Bottom) };
}
