using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace DataUnion.Node.Tests;

[Collection(HardhatChainCollection.Name)]
public sealed class OperatorSecurityTests(HardhatChainFixture chain) : IDisposable
{
    private const string ConfiguredToken = "operator-token-for-tests-0123456789abcdef";
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Start_DefaultBindAddress_ListensOnLoopbackOnly()
    {
        await using var node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Path));

        var addresses = node.App.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;

        Assert.NotEmpty(addresses);
        Assert.All(addresses, a => Assert.StartsWith("http://127.0.0.1:", a, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("192.0.2.10")]
    public async Task Start_NonLoopbackWithoutOperatorAuth_IsRefusedBeforeAnythingIsCreated(string address)
    {
        var dataDirectory = _directory.Combine("node");
        var args = RunningNode.ArgsFor(chain, dataDirectory);
        args.Add($"--Http:BindAddress={address}");

        var reason = await StartupAssert.FailsAsync(args);

        Assert.Contains($"Http:BindAddress {address} is not a loopback address", reason, StringComparison.Ordinal);
        Assert.Contains("Http:OperatorTokenFile", reason, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDirectory));
    }

    [Fact]
    public async Task Start_AllInterfacesWithTokenFile_ServesOnlyTheOperator()
    {
        var tokenFile = _directory.Combine("token");
        await File.WriteAllTextAsync(tokenFile, ConfiguredToken + "\n");
        var args = RunningNode.ArgsFor(chain, _directory.Combine("node"));
        args.Add("--Http:BindAddress=0.0.0.0");
        args.Add("--Http:PublicOrigin=https://union.example.org");
        args.Add($"--Http:OperatorTokenFile={tokenFile}");
        await using var node = await RunningNode.StartAsync(args);

        using var anonymous = await node.Http.GetAsync(new Uri("/api/v1/node", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/node");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ConfiguredToken);
        using var authorized = await node.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
        Assert.False(File.Exists(Path.Combine(node.DataDirectory, "operator.token")), "a token was generated although one was configured");
    }

    [Fact]
    public async Task NodeApi_NoToken_Answers401ProblemDetailsWithBearerChallenge()
    {
        await using var node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Path));

        using var response = await node.Http.GetAsync(new Uri("/api/v1/node", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("Bearer wrong-token-wrong-token-wrong-token-00")]
    [InlineData("Basic b3BlcmF0b3I6cGFzc3dvcmQ=")]
    [InlineData("Bearer")]
    public async Task NodeApi_WrongCredentials_Answers401(string authorization)
    {
        await using var node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Path));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/node");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await node.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task NodeApi_GeneratedToken_ReturnsNodeAndChainInfo()
    {
        await using var node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Path));
        using var request = node.OperatorRequest(HttpMethod.Get, "/api/v1/node");

        using var response = await node.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var info = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var chainInfo = info.RootElement.GetProperty("chain");
        Assert.Equal(31337, chainInfo.GetProperty("chainId").GetInt64());
        Assert.False(chainInfo.GetProperty("local").GetBoolean());
        Assert.StartsWith("0x", chainInfo.GetProperty("contracts").GetProperty("DataUnionToken").GetString(), StringComparison.Ordinal);
        Assert.Equal(_directory.Path, info.RootElement.GetProperty("dataDirectory").GetString());
    }

    [Fact]
    public async Task GeneratedToken_File_IsOwnerOnlyAndStableAcrossRestarts()
    {
        string first;
        await using (var node = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Path)))
        {
            first = await File.ReadAllTextAsync(node.OperatorTokenFile);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(node.OperatorTokenFile));
            }
        }

        await using var again = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, _directory.Path));

        Assert.Equal(first, await File.ReadAllTextAsync(again.OperatorTokenFile));
        Assert.True(first.Trim().Length >= 32);
    }

    [Fact]
    public async Task Logs_AfterAuthenticatedRequests_NeverContainTheToken()
    {
        var args = RunningNode.ArgsFor(chain, _directory.Path);
        args.Remove("--Serilog:MinimumLevel:Default=Warning");
        args.Add("--Serilog:MinimumLevel:Default=Verbose");
        args.Add($"--Http:OperatorToken={ConfiguredToken}");
        var node = await RunningNode.StartAsync(args);
        foreach (var token in new[] { ConfiguredToken, ConfiguredToken + "x" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/node");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            (await node.Http.SendAsync(request)).Dispose();
        }

        await node.DisposeAsync();

        var logs = string.Concat(Directory.GetFiles(Path.Combine(_directory.Path, "logs")).Select(File.ReadAllText));
        Assert.Contains("/api/v1/node", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(ConfiguredToken, logs, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}
