using System.Globalization;
using System.Numerics;
using System.Text.Json;
using DataUnion.Node.Tests.Contributions;
using DataUnion.Node.Tests.Labeling;
using DataUnion.Testing;
using Nethereum.Signer;

namespace DataUnion.Cli.Tests;

/// <summary>
/// Co-owners' commands against a real node and the Hardhat chain: a contributor without ETH sees
/// their shares and claims through the node's relay; a labeler claims from their own wallet; the
/// amounts are the market's own figures; and a wallet without a share, or with nothing left, is told why.
/// </summary>
[Collection(HardhatChainCollection.Name)]
public sealed class CoOwnerCommandsTests(HardhatChainFixture chain) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task SharesAndClaim_RelayedForAContributorWithoutEther_DirectForALabeler()
    {
        await using var snapshot = await chain.SnapshotAsync();
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--Labeling:MinSecondsPerItem=0");
        var finished = await FinishedContributions.CreateAsync(node);
        var versionId = await MarketSetup.PublishAsync(node, "9000");
        var id = versionId.ToString(CultureInfo.InvariantCulture);
        var passwordFile = MarketSetup.PasswordFile(_directory);
        string[] common = ["--api", node.Node.BaseUrl.ToString(), "--rpc", chain.RpcUrl, "--password-file", passwordFile];

        // A buyer pays the version, so there is revenue to claim.
        var buyer = EthECKey.GenerateKey();
        await MarketSetup.FundAsync(chain, buyer, tokens: 9000);
        var bought = await CliRun.InvokeAsync(["buy", id, "--wallet", MarketSetup.Keystore(_directory, buyer, "buyer"), .. common]);
        Assert.True(bought.ExitCode == 0, bought.Error);

        // The contributor has no ETH at all: the node relays the claim.
        var contributor = finished.Contributor.GetPublicAddress();
        var contributorFile = MarketSetup.Keystore(_directory, finished.Contributor, "contributor");
        var shares = await CliRun.InvokeAsync(["shares", "--json", "--wallet", contributorFile, .. common]);
        Assert.True(shares.ExitCode == 0, shares.Error);
        var mine = JsonDocument.Parse(shares.Output).RootElement.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("versionId").GetString() == id);
        var claimable = BigInteger.Parse(mine.GetProperty("claimable").GetString()!, CultureInfo.InvariantCulture);
        Assert.True(claimable > 0);
        Assert.Equal(3000, mine.GetProperty("units").GetInt64());
        var before = await MarketSetup.BalanceAsync(chain, contributor);
        var relayed = await CliRun.InvokeAsync(["claim", "--version", id, "--relay", "--wallet", contributorFile, .. common]);
        Assert.True(relayed.ExitCode == 0, relayed.Error);
        Assert.Equal(before + claimable, await MarketSetup.BalanceAsync(chain, contributor));
        Assert.Contains($"{claimable} paid to {contributor}", relayed.Output, StringComparison.OrdinalIgnoreCase);

        // A labeler (a development account, with ETH) claims every version from their own wallet.
        var labeler = FinishedContributions.Labelers[0];
        var labelerFile = MarketSetup.Keystore(_directory, labeler, "labeler");
        var labelerBefore = await MarketSetup.BalanceAsync(chain, labeler.GetPublicAddress());
        var direct = await CliRun.InvokeAsync(["claim", "--all", "--wallet", labelerFile, .. common]);
        Assert.True(direct.ExitCode == 0, direct.Error);
        Assert.True(await MarketSetup.BalanceAsync(chain, labeler.GetPublicAddress()) > labelerBefore);

        // Refusals: nothing left to claim, no share at all, no version named.
        var again = await CliRun.InvokeAsync(["claim", "--version", id, "--wallet", labelerFile, .. common]);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("nothing to claim now", again.Error, StringComparison.Ordinal);
        var stranger = EthECKey.GenerateKey();
        var none = await CliRun.InvokeAsync(["claim", "--version", id, "--wallet", MarketSetup.Keystore(_directory, stranger, "stranger"), .. common]);
        Assert.Equal(1, none.ExitCode);
        Assert.Contains($"has no share in version {id}", none.Error, StringComparison.Ordinal);
        var which = await CliRun.InvokeAsync(["claim", "--wallet", labelerFile, .. common]);
        Assert.Equal(1, which.ExitCode);
        Assert.Contains("--version N (repeatable) or --all", which.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClaimRelay_OverTheNodesDailyGasBudget_IsRefusedAndNothingIsSent()
    {
        await using var snapshot = await chain.SnapshotAsync();
        await using var node = await LabelingNode.StartAsync(chain, _directory, "--Labeling:MinSecondsPerItem=0", "--Relay:MaxGasPerDay=50000");
        var finished = await FinishedContributions.CreateAsync(node);
        var id = (await MarketSetup.PublishAsync(node, "9000")).ToString(CultureInfo.InvariantCulture);
        string[] common = ["--api", node.Node.BaseUrl.ToString(), "--rpc", chain.RpcUrl, "--password-file", MarketSetup.PasswordFile(_directory)];
        var buyer = EthECKey.GenerateKey();
        await MarketSetup.FundAsync(chain, buyer, tokens: 9000);
        Assert.Equal(0, (await CliRun.InvokeAsync(["buy", id, "--wallet", MarketSetup.Keystore(_directory, buyer, "buyer"), .. common])).ExitCode);
        var contributor = finished.Contributor.GetPublicAddress();
        var before = await MarketSetup.BalanceAsync(chain, contributor);

        var relayed = await CliRun.InvokeAsync(["claim", "--version", id, "--relay", "--wallet", MarketSetup.Keystore(_directory, finished.Contributor, "contributor"), .. common]);

        Assert.Equal(1, relayed.ExitCode);
        Assert.Contains("relays at most 50000 gas of claims a day", relayed.Error, StringComparison.Ordinal);
        Assert.Equal(before, await MarketSetup.BalanceAsync(chain, contributor));
    }
}
