using System.Text.Json;
using DataUnion.Node.Tests.Labeling;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;
using static DataUnion.Node.Tests.Contributions.ContributionClient;

namespace DataUnion.Node.Tests.Contributions;

/// <summary>
/// Contributed images that are finished: a fresh contributor uploads and consents to the three
/// fixture photos, and three labelers qualify on gold and label them truthfully, so a version of
/// the "faces" domain can be built from them.
/// </summary>
/// <param name="Contributor">The contributor's key.</param>
/// <param name="Session">The contributor's session.</param>
/// <param name="Cids">The photos' CIDs, in upload order.</param>
internal sealed record FinishedContributions(EthECKey Contributor, string Session, List<string> Cids)
{
    /// <summary>Hardhat's development accounts 1-3 (public test keys) label.</summary>
    public static readonly EthECKey[] Labelers =
    [
        new("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"),
        new("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"),
        new("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6"),
    ];

    /// <summary>The fixture photos (tests/fixtures/photos).</summary>
    public static readonly string[] Photos = ["park", "market", "kitchen"];

    /// <summary>The true face in photo <paramref name="i"/>, [x, y, w, h].</summary>
    public static double[] Face(int i) => [30 + (60 * i), 20, 40, 40];

    /// <summary>Contributes, consents and labels the photos on <paramref name="node"/> (which needs MinSecondsPerItem 0).</summary>
    public static async Task<FinishedContributions> CreateAsync(LabelingNode node)
    {
        for (var i = 0; i < 15; i++)
        {
            await node.AddImageAsync($"gold-{i}", gold: true, "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65", x: 10 + i);
        }

        var contributor = EthECKey.GenerateKey();
        var session = await node.SignInAsync(contributor);
        using var upload = await SendAsync(node, session, HttpMethod.Post, "/api/v1/contributions", Form("faces", Photos.Select(p => (p + ".jpg", Photo(p)))));
        var uploaded = await UploadedAsync(upload);
        var cids = uploaded.Select(u => u.GetProperty("cid").GetString()!).ToList();
        foreach (var item in uploaded)
        {
            var signature = Eip712TypedDataSigner.Current.SignTypedDataV4(item.GetProperty("consent").GetProperty("typedData").GetRawText(), contributor);
            using var consent = await ConsentAsync(node, session, item.GetProperty("cid").GetString()!, signature);
            consent.EnsureSuccessStatusCode();
        }

        for (var i = 0; i < cids.Count; i++)
        {
            node.SetTruth(cids[i], [new { label = "face", box = Face(i) }]);
        }

        foreach (var wallet in Labelers)
        {
            var labeler = await node.SignInAsync(wallet);
            await node.QualifyAsync(labeler);
            var bundle = await node.BundleAsync(labeler);
            using var answered = await node.LabelerAsync(labeler, HttpMethod.Post, $"/api/v1/labeling/bundles/{bundle.GetProperty("id").GetString()}/answers", node.Truthful(bundle));
            answered.EnsureSuccessStatusCode();
        }

        if ((await ListAsync(node, session)).Any(m => m.GetProperty("status").GetString() != "finished"))
        {
            throw new InvalidOperationException("the contributed photos did not all finish labeling");
        }

        return new FinishedContributions(contributor, session, cids);
    }
}
