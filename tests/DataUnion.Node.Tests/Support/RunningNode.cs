using System.Net.Http.Headers;
using DataUnion.Chain.Wallets;
using DataUnion.Node.Hosting;
using DataUnion.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DataUnion.Node.Tests.Support;

/// <summary>The real daemon, started in-process on a free loopback port through <see cref="NodeApp"/>.</summary>
public sealed class RunningNode : IAsyncDisposable
{
    private RunningNode(WebApplication app, string dataDirectory)
    {
        App = app;
        DataDirectory = dataDirectory;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseUrl = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        // A request sent with Expect: 100-continue waits for the node's answer before its body. The
        // default wait is 1 s, after which the body goes anyway: on a loaded machine a refusal
        // (413) then closes the connection under a body still being written.
        Http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) }) { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Hardhat's development account 0, the operator of the local deployment (a public test key).</summary>
    public const string OperatorPrivateKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    public WebApplication App { get; }

    public string DataDirectory { get; }

    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    public string OperatorTokenFile => Path.Combine(DataDirectory, "operator.token");

    /// <summary>Arguments that point a node at the shared chain and a fresh data directory.</summary>
    public static List<string> ArgsFor(HardhatChainFixture chain, string dataDirectory) =>
    [
        $"--Node:DataDirectory={dataDirectory}",
        "--Http:Port=0",
        $"--Chain:RpcUrl={chain.RpcUrl}",
        $"--Chain:DeploymentRecordPath={chain.DeploymentRecordPath}",
        "--Serilog:MinimumLevel:Default=Warning",
    ];

    /// <summary>
    /// Starts a node whose keystore holds Hardhat's account 0 (the local deployment's operator), with
    /// a fast outbox and indexer, so it publishes and indexes on the shared chain within a test.
    /// </summary>
    public static async Task<RunningNode> StartWithOperatorWalletAsync(HardhatChainFixture chain, string dataDirectory, params string[] settings)
    {
        const string password = "a long password";
        OperatorWallet.ImportPrivateKey(Path.Combine(dataDirectory, "keystore"), OperatorPrivateKey, password, 4096);
        return await StartAsync(
            [.. ArgsFor(chain, dataDirectory), "--Chain:Outbox:Confirmations=1", "--Chain:Outbox:PollInterval=00:00:00.05", "--Chain:Indexer:PollInterval=00:00:00.1", .. settings],
            environment: name => name == OperatorKey.PasswordVariable ? password : null);
    }

    /// <summary>
    /// Builds and starts the node; <paramref name="configure"/> may map extra test endpoints first,
    /// and <paramref name="environment"/> stands in for the process environment.
    /// </summary>
    public static async Task<RunningNode> StartAsync(IEnumerable<string> args, Action<WebApplication>? configure = null, Func<string, string?>? environment = null)
    {
        var list = args.ToArray();
        var app = NodeApp.Build(list, environment: environment ?? (_ => null));
        configure?.Invoke(app);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var dataDirectory = app.Services.GetRequiredService<DataDirectory>().Root;
        return new RunningNode(app, dataDirectory);
    }

    public HttpRequestMessage OperatorRequest(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(OperatorTokenFile).Trim());
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
