using System.Net;
using System.Text;
using DataUnion.Chain.Connection;
using DataUnion.Core.Deployment;
using DataUnion.Testing;

namespace DataUnion.Chain.Tests.Connection;

[Collection(HardhatChainCollection.Name)]
public sealed class ChainVerifierTests(HardhatChainFixture chain)
{
    private DeploymentRecord Record => DeploymentRecordParser.Parse(File.ReadAllText(chain.DeploymentRecordPath));

    [Fact]
    public async Task VerifyAsync_RecordOfThisChain_Passes()
    {
        var web3 = ChainConnection.CreateWeb3(chain.RpcUrl, TimeSpan.FromSeconds(5));

        await ChainVerifier.VerifyAsync(web3, Record, chain.RpcUrl, CancellationToken.None);
    }

    [Fact]
    public async Task VerifyAsync_RecordForAnotherChainId_NamesBothIds()
    {
        var web3 = ChainConnection.CreateWeb3(chain.RpcUrl, TimeSpan.FromSeconds(5));
        var record = Record with { ChainId = 11155111 };

        var error = await Assert.ThrowsAsync<ChainStartupException>(() => ChainVerifier.VerifyAsync(web3, record, chain.RpcUrl, CancellationToken.None));

        Assert.Contains("chain id 31337", error.Message, StringComparison.Ordinal);
        Assert.Contains("chain id 11155111", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_AddressWithoutCode_NamesAddressAndContract()
    {
        var web3 = ChainConnection.CreateWeb3(chain.RpcUrl, TimeSpan.FromSeconds(5));
        var token = Record.GetContract("DataUnionToken") with { Address = "0x00000000000000000000000000000000000000a1" };
        var record = Record with { Contracts = new Dictionary<string, DeployedContract> { [token.Name] = token } };

        var error = await Assert.ThrowsAsync<ChainStartupException>(() => ChainVerifier.VerifyAsync(web3, record, chain.RpcUrl, CancellationToken.None));

        Assert.Contains("no contract code at 0x00000000000000000000000000000000000000a1 (DataUnionToken)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_CodeHashDiffers_ShowsBothHashes()
    {
        var web3 = ChainConnection.CreateWeb3(chain.RpcUrl, TimeSpan.FromSeconds(5));
        var wrongHash = "0x" + new string('1', 64);
        var token = Record.GetContract("DataUnionToken") with { CodeHash = wrongHash };
        var record = Record with { Contracts = new Dictionary<string, DeployedContract> { [token.Name] = token } };

        var error = await Assert.ThrowsAsync<ChainStartupException>(() => ChainVerifier.VerifyAsync(web3, record, chain.RpcUrl, CancellationToken.None));

        Assert.Contains(wrongHash, error.Message, StringComparison.Ordinal);
        Assert.Contains(Record.GetContract("DataUnionToken").CodeHash, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task VerifyAsync_NothingListening_NamesEndpointAndMethod()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}/v3/secret-api-key";
        var web3 = ChainConnection.CreateWeb3(url, TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<ChainStartupException>(() => ChainVerifier.VerifyAsync(web3, Record, url, CancellationToken.None));

        Assert.Contains("did not answer eth_chainId", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-api-key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_EndpointAnswersGarbage_GivesClearError()
    {
        using var garbage = new GarbageServer("<html>502 Bad Gateway</html>");
        var web3 = ChainConnection.CreateWeb3(garbage.Url, TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<ChainStartupException>(() => ChainVerifier.VerifyAsync(web3, Record, garbage.Url, CancellationToken.None));

        Assert.Contains("did not answer eth_chainId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_EndpointTooSlow_TimesOutWithClearError()
    {
        using var slow = new GarbageServer("{}", delay: TimeSpan.FromSeconds(30));
        var web3 = ChainConnection.CreateWeb3(slow.Url, TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<ChainStartupException>(() => ChainVerifier.VerifyAsync(web3, Record, slow.Url, CancellationToken.None));

        Assert.Contains("did not answer eth_chainId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_Reverted_RestoresBlockNumber()
    {
        var before = await JsonRpc.CallAsync(chain.RpcUrl, "eth_blockNumber");
        await using (await chain.SnapshotAsync())
        {
            await JsonRpc.CallAsync(chain.RpcUrl, "evm_mine");
            Assert.NotEqual(before.GetString(), (await JsonRpc.CallAsync(chain.RpcUrl, "eth_blockNumber")).GetString());
        }

        Assert.Equal(before.GetString(), (await JsonRpc.CallAsync(chain.RpcUrl, "eth_blockNumber")).GetString());
    }

    /// <summary>An HTTP endpoint on loopback that answers every request with fixed bytes, optionally late.</summary>
    private sealed class GarbageServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly CancellationTokenSource _stop = new();

        public GarbageServer(string body, TimeSpan? delay = null)
        {
            var port = FreePort.Next();
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                    {
                        return;
                    }

                    if (delay is { } wait)
                    {
                        try
                        {
                            await Task.Delay(wait, _stop.Token);
                        }
                        catch (OperationCanceledException)
                        {
                            return;
                        }
                    }

                    var bytes = Encoding.UTF8.GetBytes(body);
                    context.Response.StatusCode = 200;
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
            });
        }

        public string Url { get; }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Close();
            _stop.Dispose();
        }
    }
}
