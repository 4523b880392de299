using DataUnion.Node.Tests.Labeling;
using SkiaSharp;
using static DataUnion.Node.Tests.Contributions.ContributionClient;

namespace DataUnion.Node.Tests.Contributions;

/// <summary>Contributors who declare an attribute, each with one finished photo of the "faces" domain (the node needs MinSecondsPerItem 0 and a "tone" attribute).</summary>
internal static class DeclaredContributions
{
    /// <summary>One contributor per tone, each uploading and consenting to one generated photo with a face at a known place; three labelers label them all truthfully.</summary>
    public static async Task<List<string>> CreateAsync(LabelingNode node, string?[] tones)
    {
        for (var i = 0; i < 15; i++)
        {
            await node.AddImageAsync($"gold-{i}", gold: true, "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65", x: 10 + i);
        }

        var cids = new List<string>();
        var sessions = new List<string>();
        for (var i = 0; i < tones.Length; i++)
        {
            object? attributes = tones[i] is { } t ? new Dictionary<string, string> { ["tone"] = t } : null;
            var (session, cid) = await ContributeAsync(node, $"photo-{i}.jpg", Photo(i), attributes);
            node.SetTruth(cid, [new { label = "face", box = new double[] { 20 + (10 * i), 20, 40, 40 } }]);
            cids.Add(cid);
            sessions.Add(session);
        }

        await node.LabelEverythingAsync(FinishedContributions.Labelers, rounds: 6);

        foreach (var session in sessions)
        {
            var mine = await ListAsync(node, session);
            Assert.All(mine, m => Assert.Equal("finished", m.GetProperty("status").GetString()));
        }

        return cids;
    }

    /// <summary>A 200 × 100 JPEG, different for each <paramref name="seed"/>.</summary>
    private static byte[] Photo(int seed)
    {
        using var bitmap = new SKBitmap(200, 100, SKColorType.Rgba8888, SKAlphaType.Premul);
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)((x * 3) + (seed * 40)), (byte)((y * 2) + (seed * 17)), (byte)(seed * 31)));
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }
}
