using System.CommandLine;
using System.Globalization;

namespace DataUnion.Cli.Commands;

/// <summary><c>dataunion shares --wallet W</c>: a co-owner's units per version and what they can claim now (the market's own figure).</summary>
internal static class SharesCommand
{
    public static Command Create(CliConsole console)
    {
        var connection = new ConnectionOptions();
        var chain = new ChainOptions();
        var wallet = new MemberWallet();
        var json = new Option<bool>("--json") { Description = "Print the node's answer as JSON." };
        var command = new Command("shares", "Show your co-ownership: units per published version, what is claimable now (from the market), what you claimed, and units still pending.\nExample: dataunion shares --wallet ~/me.json")
        {
            json,
        };
        command.Options.Add(connection.Api);
        chain.AddTo(command);
        wallet.AddTo(command);
        command.SetAction((parse, ct) => CliActions.RunAsync(console, async () =>
        {
            var key = wallet.Unlock(parse, console);
            var api = parse.GetValue(connection.Api)!;
            using var node = NodeRpcClient.CreatePublic(api);
            var market = await MarketClient.ConnectAsync(parse, chain, node, null, ct).ConfigureAwait(false);
            using var member = await MemberSession.SignInAsync(api, key, market.ChainId, "Sign in to see my shares.", ct).ConfigureAwait(false);
            var shares = await member.JsonAsync(HttpMethod.Get, "api/v1/me/shares", null, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await CliActions.WriteJsonAsync(console.Out, shares).ConfigureAwait(false);
                return 0;
            }

            await console.Out.WriteLineAsync($"co-owner {key.GetPublicAddress()}").ConfigureAwait(false);
            var rows = shares.GetProperty("versions").EnumerateArray().Select(v => new[]
            {
                v.GetProperty("versionId").GetString()!, v.GetProperty("domain").GetString()!,
                v.GetProperty("units").GetInt64().ToString(CultureInfo.InvariantCulture), v.GetProperty("totalUnits").GetInt64().ToString(CultureInfo.InvariantCulture),
                v.GetProperty("claimable").GetString()!, v.GetProperty("claimed").GetString()!, v.GetProperty("retired").GetBoolean() ? "retired" : "on sale",
            }).ToList();
            await TextTable.WriteAsync(console.Out, ["version", "dataset", "units", "of", "claimable", "claimed", "status"], rows).ConfigureAwait(false);
            foreach (var pending in shares.GetProperty("pending").EnumerateArray())
            {
                await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"pending in {pending.GetProperty("domain").GetString()}: {pending.GetProperty("units").GetInt64()} of {pending.GetProperty("totalUnits").GetInt64()} units (in the next version)")).ConfigureAwait(false);
            }

            return 0;
        }));
        return command;
    }
}
