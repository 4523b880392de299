using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using DataUnion.Chain.Contracts.DatasetMarket;
using DataUnion.Chain.Wallets;
using DataUnion.Core.Deployment;
using DataUnion.Node.Tests.Labeling;
using DataUnion.Testing;
using Nethereum.Contracts;
using Nethereum.Signer;
using Nethereum.Web3;
using SkiaSharp;
using Token = DataUnion.Chain.Contracts.DataUnionToken;

namespace DataUnion.Cli.Tests;

/// <summary>
/// The data union's whole loop on the local Hardhat chain and a real node, each role with the
/// product alone: 5 contributors contribute 50 photos with <c>dataunion contribute</c>; 10 labelers
/// (2 of them spammers) qualify and label over HTTP; consensus finishes the photos; the operator
/// builds and publishes a version; 3 buyers buy it (with a permit and with an approval); every
/// co-owner claims (the contributors, who hold no ETH, through the node's relay); every balance
/// matches the split to the wei, fees and rounding dust accounted for; and a separate audit process,
/// given only the RPC and gateway URLs and one photo's bytes, traces it to the version, the proof,
/// the consent and the 3 purchases.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class EndToEndTests(HardhatChainFixture chain) : IDisposable
{
    /// <summary>Hardhat's development mnemonic: its accounts 10-19 (funded by the node) are the labelers.</summary>
    private const string DevelopmentMnemonic = "test test test test test test test test test test test junk";
    private const int Contributors = 5;
    private const int PhotosEach = 10;
    private static readonly BigInteger Price = BigInteger.Parse("1000000000000000007", CultureInfo.InvariantCulture);
    private static readonly BigInteger Precision = BigInteger.Pow(10, 18);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task DataUnion_ContributeLabelPublishBuyClaimAudit_EveryBalanceToTheWei()
    {
        await using var snapshot = await chain.SnapshotAsync();
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--Labeling:MinSecondsPerItem=0", "--Ipfs:PublicGateway=true");
        for (var i = 0; i < 24; i++)
        {
            await node.AddImageAsync($"e2e-gold-{i}", gold: true, "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65", x: 10 + (i % 50));
        }

        var password = MarketSetup.PasswordFile(_directory);
        string[] member = ["--api", node.Node.BaseUrl.ToString(), "--rpc", chain.RpcUrl, "--password-file", password];

        // 1. Five contributors, no ETH among them, contribute ten photos each.
        var contributors = Enumerable.Range(0, Contributors).Select(_ => EthECKey.GenerateKey()).ToList();
        var cids = new List<string>();
        for (var c = 0; c < Contributors; c++)
        {
            var photos = Enumerable.Range(0, PhotosEach).Select(p => Photo(_directory, (c * PhotosEach) + p)).ToArray();
            var run = await CliRun.InvokeAsync(["contribute", .. photos, "--domain", "faces", "--json", "--wallet", MarketSetup.Keystore(_directory, contributors[c], $"contributor{c}"), .. member]);
            Assert.True(run.ExitCode == 0, run.Error);
            var contributed = JsonDocument.Parse(run.Output).RootElement.EnumerateArray().ToList();
            Assert.Equal(PhotosEach, contributed.Count);
            Assert.All(contributed, e => Assert.Equal("in-labeling", e.GetProperty("status").GetString()));
            cids.AddRange(contributed.Select(e => e.GetProperty("cid").GetString()!));
        }

        for (var i = 0; i < cids.Count; i++)
        {
            node.SetTruth(cids[i], [new { label = "face", box = new double[] { 20 + (i % 100), 20, 40, 40 } }]);
        }

        // 2. Ten labelers: two spam and never qualify; eight qualify on gold and label truthfully.
        var labelers = Enumerable.Range(10, 10).Select(i => OperatorWallet.KeyFromMnemonic(DevelopmentMnemonic, i)).ToList();
        var (honest, spammers) = (labelers.Take(8).ToList(), labelers.Skip(8).ToList());
        foreach (var spammer in spammers)
        {
            await SpamAsync(node, await node.SignInAsync(spammer));
        }

        var sessions = new List<string>();
        foreach (var labeler in honest)
        {
            var session = await node.SignInAsync(labeler);
            await node.QualifyAsync(session);
            sessions.Add(session);
        }

        await LabelUntilFinishedAsync(node, sessions, cids.Count);

        // 3. The operator builds and publishes the version.
        string[] operatorArgs = ["--api", node.Node.BaseUrl.ToString(), "--data-dir", node.Node.DataDirectory];
        var build = await CliRun.InvokeAsync(["version", "build", "--domain", "faces", "--price", Price.ToString(CultureInfo.InvariantCulture), "--json", .. operatorArgs]);
        Assert.True(build.ExitCode == 0, build.Error);
        var draft = JsonDocument.Parse(build.Output).RootElement;
        Assert.Equal(cids.Count, draft.GetProperty("imageCount").GetInt32());
        var versionId = draft.GetProperty("versionId").GetInt64();
        var id = versionId.ToString(CultureInfo.InvariantCulture);
        var publish = await CliRun.InvokeAsync(["version", "publish", "--domain", "faces", "--wait", .. operatorArgs]);
        Assert.True(publish.ExitCode == 0, publish.Error);

        // The shares tree, from the public manifest: the spammers earned nothing.
        var shares = await SharesAsync(node, id);
        Assert.All(spammers, s => Assert.False(shares.ContainsKey(s.GetPublicAddress().ToLowerInvariant())));
        Assert.All(honest, h => Assert.True(shares.GetValueOrDefault(h.GetPublicAddress().ToLowerInvariant()) > 0));
        Assert.All(contributors, c => Assert.Equal(PhotosEach * 1000, shares[c.GetPublicAddress().ToLowerInvariant()]));
        Assert.Equal(BigInteger.Parse(draft.GetProperty("totalShares").GetString()!, CultureInfo.InvariantCulture), shares.Values.Aggregate(BigInteger.Zero, (a, b) => a + b));

        // 4. Three buyers: two with a permit, one with an approval.
        var buyers = Enumerable.Range(0, 3).Select(_ => EthECKey.GenerateKey()).ToList();
        var token = DeploymentRecordParser.Parse(await File.ReadAllTextAsync(chain.DeploymentRecordPath)).GetContract("DataUnionToken").Address;
        var market = DeploymentRecordParser.Parse(await File.ReadAllTextAsync(chain.DeploymentRecordPath)).GetContract("DatasetMarket").Address;
        foreach (var buyer in buyers)
        {
            await MarketSetup.FundAsync(chain, buyer, tokens: 0);
            await TransferTokensAsync(token, buyer.GetPublicAddress(), Price);
        }

        // Two contributors get gas money, to claim from their own wallets; the other three claim through the relay.
        foreach (var contributor in contributors.Skip(3))
        {
            await MarketSetup.FundAsync(chain, contributor, tokens: 0);
        }

        var feesBefore = await FeesAsync(market, token);
        var marketBefore = await MarketSetup.BalanceAsync(chain, market);
        for (var b = 0; b < buyers.Count; b++)
        {
            var run = await CliRun.InvokeAsync(["buy", id, "--wallet", MarketSetup.Keystore(_directory, buyers[b], $"buyer{b}"), .. (b == 1 ? new[] { "--no-permit" } : []), .. member]);
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Contains(b == 1 ? "with an approval" : "with an EIP-2612 permit", run.Output, StringComparison.Ordinal);
            Assert.Equal(BigInteger.Zero, await MarketSetup.BalanceAsync(chain, buyers[b].GetPublicAddress()));
        }

        // The split, computed here as the contract documents it: fee first, then the accumulator with its carry.
        var feeBps = (await new Web3(chain.RpcUrl).Eth.GetContractQueryHandler<GetVersionFunction>()
            .QueryDeserializingToObjectAsync<GetVersionOutputDTO>(new GetVersionFunction { VersionId = versionId }, market)).ReturnValue1.FeeBps;
        var total = shares.Values.Aggregate(BigInteger.Zero, (a, v) => a + v);
        var (revenuePerShare, carry, fees) = (BigInteger.Zero, BigInteger.Zero, BigInteger.Zero);
        for (var b = 0; b < buyers.Count; b++)
        {
            var fee = Price * feeBps / 10_000;
            fees += fee;
            var available = Price - fee + carry;
            var after = revenuePerShare + (available * Precision / total);
            var credited = (total * after / Precision) - (total * revenuePerShare / Precision);
            (revenuePerShare, carry) = (after, available - credited);
        }

        // 5. Every co-owner claims: contributors 1-3 through the relay, the rest from their own wallets.
        var before = new Dictionary<string, BigInteger>();
        foreach (var owner in shares.Keys)
        {
            before[owner] = await MarketSetup.BalanceAsync(chain, owner);
        }

        for (var c = 0; c < Contributors; c++)
        {
            var run = await CliRun.InvokeAsync(["claim", "--version", id, .. (c < 3 ? new[] { "--relay" } : []), "--wallet", _directory.Combine($"contributor{c}.json"), .. member]);
            Assert.True(run.ExitCode == 0, $"contributor {c}: {run.Error}");
        }

        foreach (var (labeler, i) in honest.Select((l, i) => (l, i)))
        {
            var run = await CliRun.InvokeAsync(["claim", "--all", "--wallet", MarketSetup.Keystore(_directory, labeler, $"labeler{i}"), .. member]);
            Assert.True(run.ExitCode == 0, $"labeler {i}: {run.Error}");
        }

        var paid = BigInteger.Zero;
        foreach (var (owner, units) in shares)
        {
            var expected = units * revenuePerShare / Precision;
            Assert.Equal(before[owner] + expected, await MarketSetup.BalanceAsync(chain, owner));
            paid += expected;
        }

        // Nothing lost: claims + fees + what the rounding left in the market is exactly what the buyers paid.
        var dust = await MarketSetup.BalanceAsync(chain, market) - marketBefore - (await FeesAsync(market, token) - feesBefore);
        Assert.Equal(fees, await FeesAsync(market, token) - feesBefore);
        Assert.Equal(3 * Price, paid + fees + dust);
        Assert.True(dust >= 0 && dust < 3 + shares.Count, $"rounding dust {dust} wei");

        // 6. An auditor in a process of their own, with the RPC and gateway URLs and one photo's bytes.
        var photo = _directory.Combine("audited.jpg");
        using (var stored = await node.OperatorAsync(HttpMethod.Get, $"/ipfs/{cids[17]}"))
        {
            await File.WriteAllBytesAsync(photo, await stored.Content.ReadAsByteArrayAsync());
        }

        var (exit, output, error) = await RunCliProcessAsync("audit", photo, "--rpc", chain.RpcUrl, "--gateway", node.Node.BaseUrl.ToString(), "--json");
        Assert.True(exit == 0, error);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.True(report.GetProperty("holds").GetBoolean());
        var version = Assert.Single(report.GetProperty("versions").EnumerateArray());
        Assert.Equal(versionId, version.GetProperty("versionId").GetInt64());
        Assert.Equal(contributors[1].GetPublicAddress(), version.GetProperty("contributor").GetString(), ignoreCase: true);
        Assert.All(version.GetProperty("checks").EnumerateArray(), c => Assert.True(c.GetProperty("passed").GetBoolean(), c.GetProperty("name").GetString()));
        Assert.Equal(
            buyers.Select(b => b.GetPublicAddress().ToLowerInvariant()).Order(),
            version.GetProperty("purchases").EnumerateArray().Select(p => p.GetProperty("buyer").GetString()!.ToLowerInvariant()).Order());
    }

    /// <summary>A distinct photo: a colour field with a darker square, as a JPEG.</summary>
    private static string Photo(TempDirectory directory, int i)
    {
        using var bitmap = new SKBitmap(200, 100);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(new SKColor((byte)(i * 37 % 256), (byte)(i * 91 % 256), (byte)(i * 53 % 256)));
            using var paint = new SKPaint { Color = new SKColor((byte)(i * 11 % 256), 40, 40) };
            canvas.DrawRect(20 + (i % 100), 20, 40, 40, paint);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        var path = directory.Combine($"photo-{i:D2}.jpg");
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    /// <summary>A spammer answers qualification gold with boxes in a corner until the domain locks them out.</summary>
    private static async Task SpamAsync(LabelingNode node, string session)
    {
        for (var round = 0; round < 5; round++)
        {
            using var request = await node.LabelerAsync(session, HttpMethod.Post, "/api/v1/labeling/domains/faces/bundles");
            if (request.StatusCode != HttpStatusCode.OK)
            {
                return;
            }

            var bundle = await request.Content.ReadFromJsonAsync<JsonElement>();
            var answers = bundle.GetProperty("items").EnumerateArray()
                .Select(i => new { image = i.GetProperty("image").GetString(), boxes = new[] { new { label = "face", box = new double[] { 150, 50, 10, 10 } } } }).ToList();
            using var answered = await node.LabelerAsync(session, HttpMethod.Post, $"/api/v1/labeling/bundles/{bundle.GetProperty("id").GetString()}/answers", new { answers });
        }

        using var me = await node.LabelerAsync(session, HttpMethod.Get, "/api/v1/labeling/domains/faces/me");
        Assert.NotEqual("Qualified", (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("qualification").GetProperty("state").GetString());
    }

    /// <summary>The honest labelers take bundles in turn and answer truthfully until every contributed photo is finished.</summary>
    private static async Task LabelUntilFinishedAsync(LabelingNode node, List<string> sessions, int images)
    {
        for (var round = 0; round < 200; round++)
        {
            using (var domains = await node.OperatorAsync(HttpMethod.Get, "/api/v1/labeling/domains"))
            {
                var faces = (await domains.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Single(d => d.GetProperty("domain").GetProperty("name").GetString() == "faces");
                if (faces.GetProperty("finished").GetInt32() >= images)
                {
                    return;
                }
            }

            foreach (var session in sessions)
            {
                using var request = await node.LabelerAsync(session, HttpMethod.Post, "/api/v1/labeling/domains/faces/bundles");
                if (request.StatusCode == HttpStatusCode.NotFound)
                {
                    continue;
                }

                request.EnsureSuccessStatusCode();
                var bundle = await request.Content.ReadFromJsonAsync<JsonElement>();
                using var answered = await node.LabelerAsync(session, HttpMethod.Post, $"/api/v1/labeling/bundles/{bundle.GetProperty("id").GetString()}/answers", node.Truthful(bundle));
                answered.EnsureSuccessStatusCode();
            }
        }

        throw new InvalidOperationException("the contributed photos did not all finish labeling");
    }

    private static async Task<Dictionary<string, BigInteger>> SharesAsync(LabelingNode node, string versionId)
    {
        using var response = await node.Node.Http.GetAsync(new Uri($"/api/v1/versions/{versionId}/manifest.json", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        var manifest = await response.Content.ReadFromJsonAsync<JsonElement>();
        return manifest.GetProperty("shares").EnumerateArray().ToDictionary(
            s => s.GetProperty("account").GetString()!.ToLowerInvariant(), s => BigInteger.Parse(s.GetProperty("units").GetString()!, CultureInfo.InvariantCulture));
    }

    private async Task TransferTokensAsync(string token, string to, BigInteger amount)
    {
        var web3 = new Web3(new Nethereum.Web3.Accounts.Account(Node.Tests.Support.RunningNode.OperatorPrivateKey, chain.ChainId), chain.RpcUrl);
        var receipt = await web3.Eth.GetContractTransactionHandler<Token.TransferFunction>().SendRequestAndWaitForReceiptAsync(token, new Token.TransferFunction { To = to, Value = amount });
        Assert.Equal(1, (int)receipt.Status.Value);
    }

    private async Task<BigInteger> FeesAsync(string market, string token) =>
        await new Web3(chain.RpcUrl).Eth.GetContractQueryHandler<FeesAccruedFunction>().QueryAsync<BigInteger>(market, new FeesAccruedFunction { Token = token });

    /// <summary>Runs the built <c>dataunion</c> program as its own process, from its own output folder (the configuration this test was built in).</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunCliProcessAsync(params string[] args)
    {
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
        var program = Path.Combine(RepositoryPaths.Root, "src", "DataUnion.Cli", "bin", configuration, "net10.0", OperatingSystem.IsWindows() ? "dataunion.exe" : "dataunion");
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output, await error);
    }
}
