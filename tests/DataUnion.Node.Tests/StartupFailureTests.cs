using System.Net;
using System.Net.Sockets;
using DataUnion.Chain.Wallets;
using DataUnion.Core.Content;
using DataUnion.Ipfs.Blocks;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;

namespace DataUnion.Node.Tests;

[Collection(HardhatChainCollection.Name)]
public sealed class StartupFailureTests(HardhatChainFixture chain) : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string DataDirectory => _directory.Combine("node");

    public static TheoryData<string, string> BadSettings => new()
    {
        { "--Http:Port=70000", "Http:Port must be 0 (any free port) or 1-65535" },
        { "--Http:BindAddress=my-laptop", "Http:BindAddress must be an IP address" },
        { "--Http:OperatorToken=short", "Http:OperatorToken must be at least 32 characters" },
        { "--Http:OperatorTokenFile=/nonexistent/token", "Http:OperatorTokenFile '/nonexistent/token' does not exist" },
        { "--Http:MaxRequestBodyBytes=0", "Http:MaxRequestBodyBytes must be positive" },
        { "--Node:ShutdownTimeout=01:00:00", "Node:ShutdownTimeout must be between 0 and 10 minutes" },
        { "--Chain:RpcTimeout=00:00:00", "Chain:RpcTimeout must be between 100 ms and 10 minutes" },
        { "--Chain:LocalNode:Port=-1", "Chain:LocalNode:Port must be 0 (any free port) or 1-65535" },
        { "--Chain:LocalNode:StartupTimeout=00:00:00", "Chain:LocalNode:StartupTimeout must be positive" },
        { "--Ipfs:BlockLayout=zfs", "'zfs' at 'Ipfs:BlockLayout'" },
        { "--Http:PublicOrigin=union.example.org", "Http:PublicOrigin must be an absolute http or https URL" },
        { "--Http:CorsOrigins:0=https://app.example.org/path", "Http:CorsOrigins holds 'https://app.example.org/path', which must be an origin only" },
        { "--Http:TrustedProxies:0=proxy.local", "Http:TrustedProxies holds 'proxy.local', which is not an IP address" },
        { "--Http:PublicOrigin=https://union.example.org/app", "Http:PublicOrigin must be an origin only" },
        { "--Http:AnonymousMaxRequestBodyBytes=-1", "Http:AnonymousMaxRequestBodyBytes must be between 0 and 1 MiB" },
        { "--RateLimits:SignInPerMinute=0", "RateLimits:SignInPerMinute must be between 1 and 1000000" },
        { "--RateLimits:MaxPendingNonces=0", "RateLimits:MaxPendingNonces must be between 1 and 10000000" },
    };

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("\n", "is empty")]
    [InlineData("short-token\n", "holds a token shorter than 32 characters")]
    public async Task Start_OperatorTokenFileEmptyOrShort_IsRefusedBeforeTheDataDirectoryIsCreated(string contents, string expected)
    {
        var tokenFile = _directory.Combine("token");
        await File.WriteAllTextAsync(tokenFile, contents);
        var args = RunningNode.ArgsFor(chain, DataDirectory);
        args.Add($"--Http:OperatorTokenFile={tokenFile}");

        var reason = await StartupAssert.FailsAsync(args);

        Assert.Contains($"Http:OperatorTokenFile '{tokenFile}' {expected}", reason, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDirectory), "the data directory was created before the token file was checked");
    }

    [Fact]
    public async Task Start_NonLoopbackBindWithoutPublicOrigin_IsRefused()
    {
        var tokenFile = _directory.Combine("token");
        await File.WriteAllTextAsync(tokenFile, new string('t', 40));
        var args = RunningNode.ArgsFor(chain, DataDirectory);
        args.Add("--Http:BindAddress=0.0.0.0");
        args.Add($"--Http:OperatorTokenFile={tokenFile}");

        var reason = await StartupAssert.FailsAsync(args);

        Assert.Contains("Http:PublicOrigin is required when Http:BindAddress 0.0.0.0 is not loopback", reason, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDirectory));
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Start_BadSetting_NamesTheSettingAndCreatesNothing(string setting, string expected)
    {
        var args = RunningNode.ArgsFor(chain, DataDirectory);
        if (setting.StartsWith("--Chain:LocalNode:", StringComparison.Ordinal))
        {
            // Local-chain settings are checked only when no RPC URL is set.
            args.Add("--Chain:RpcUrl=");
        }

        args.Add(setting);

        var reason = await StartupAssert.FailsAsync(args);

        Assert.Contains(expected, reason, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDirectory));
    }

    [Theory]
    [InlineData("ftp://rpc.example.org", "Chain:RpcUrl must be an absolute http or https URL")]
    [InlineData("not a url", "Chain:RpcUrl must be an absolute http or https URL")]
    public async Task Start_BadRpcUrl_NamesTheSetting(string url, string expected)
    {
        var reason = await StartupAssert.FailsAsync(
            [$"--Node:DataDirectory={DataDirectory}", $"--Chain:RpcUrl={url}", $"--Chain:DeploymentRecordPath={chain.DeploymentRecordPath}"]);

        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RpcUrlWithoutDeploymentRecord_AsksForTheRecord()
    {
        var reason = await StartupAssert.FailsAsync([$"--Node:DataDirectory={DataDirectory}", $"--Chain:RpcUrl={chain.RpcUrl}"]);

        Assert.Contains("Chain:DeploymentRecordPath is required when Chain:RpcUrl is set", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RpcUrlNotAnswering_NamesEndpointAndExitsBeforeListening()
    {
        var port = FreePort.Next();
        var args = RunningNode.ArgsFor(chain, DataDirectory);
        args.Add($"--Chain:RpcUrl=http://127.0.0.1:{port}");
        args.Add("--Chain:RpcTimeout=00:00:02");

        var reason = await StartupAssert.FailsAsync(args);

        Assert.Contains($"the chain at http://127.0.0.1:{port} did not answer eth_chainId", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DeploymentRecordMissing_NamesTheFileAndSetting()
    {
        var args = RunningNode.ArgsFor(chain, DataDirectory);
        var missing = _directory.Combine("missing.json");
        args.Add($"--Chain:DeploymentRecordPath={missing}");

        var reason = await StartupAssert.FailsAsync(args);

        Assert.Contains(missing, reason, StringComparison.Ordinal);
        Assert.Contains("Chain:DeploymentRecordPath", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DeploymentRecordCorrupt_SaysWhichFieldIsWrong()
    {
        var corrupt = _directory.Combine("corrupt.json");
        await File.WriteAllTextAsync(corrupt, (await File.ReadAllTextAsync(chain.DeploymentRecordPath)).Replace("\"chainId\": 31337", "\"chainId\": \"x\"", StringComparison.Ordinal));
        var args = RunningNode.ArgsFor(chain, DataDirectory);
        args.Add($"--Chain:DeploymentRecordPath={corrupt}");

        var reason = await StartupAssert.FailsAsync(args);

        Assert.Contains("chainId is missing or is not an integer", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_HttpPortInUse_SaysThePortIsTaken()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        var args = RunningNode.ArgsFor(chain, DataDirectory);
        args.Add($"--Http:Port={port}");

        var reason = await StartupAssert.FailsAsync(args);

        Assert.Contains("already in use (Http:Port)", reason, StringComparison.Ordinal);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_FlatfsStoreWithPackedSetting_NamesBothLayoutsAndTheSetting()
    {
        using (var flatfs = new FileBlockStore(Path.Combine(DataDirectory, "blocks")))
        {
            var bytes = "made by a flatfs node"u8.ToArray();
            flatfs.Put(Cid.V1(Multicodec.Raw, Multihash.Sha256(bytes)), bytes);
        }

        var reason = await StartupAssert.FailsAsync(RunningNode.ArgsFor(chain, DataDirectory));

        Assert.Contains("is in the flatfs layout, not packed as configured; set Ipfs:BlockLayout to flatfs", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_KeystoreWithoutPassword_AsksForIt()
    {
        OperatorWallet.Create(Path.Combine(DataDirectory, "keystore"), "a long password", 4096);

        var reason = await StartupAssert.FailsAsync(RunningNode.ArgsFor(chain, DataDirectory));

        Assert.Contains("needs its password: set Wallet:PasswordFile or DATAUNION_WALLET_PASSWORD", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_KeystoreWithWrongPassword_SaysSo()
    {
        OperatorWallet.Create(Path.Combine(DataDirectory, "keystore"), "a long password", 4096);
        var passwordFile = _directory.Combine("password");
        await File.WriteAllTextAsync(passwordFile, "not the password");

        var reason = await StartupAssert.FailsAsync([.. RunningNode.ArgsFor(chain, DataDirectory), $"--Wallet:PasswordFile={passwordFile}"]);

        Assert.Contains("the operator wallet cannot be loaded: wrong password", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DevelopmentKeyWithARemoteChain_IsRefused()
    {
        var reason = await StartupAssert.FailsAsync(RunningNode.ArgsFor(chain, DataDirectory),
            environment: name => name == "DATAUNION_DEV_PRIVATE_KEY" ? new string('1', 64) : null);

        Assert.Contains("DATAUNION_DEV_PRIVATE_KEY is accepted only with the local development chain", reason, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('1', 64), reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DataDirectoryIsAFile_SaysSo()
    {
        await File.WriteAllTextAsync(DataDirectory, "a file");

        var reason = await StartupAssert.FailsAsync(RunningNode.ArgsFor(chain, DataDirectory));

        Assert.Equal($"Node:DataDirectory '{DataDirectory}' cannot be used: it is a file, not a directory", reason);
    }

    [Fact]
    public async Task Start_DataDirectoryUnderAFile_SaysItCannotBeCreated()
    {
        var blocker = _directory.Combine("blocker");
        await File.WriteAllTextAsync(blocker, "a file");
        var dataDirectory = Path.Combine(blocker, "node");

        var reason = await StartupAssert.FailsAsync(RunningNode.ArgsFor(chain, dataDirectory));

        Assert.StartsWith($"Node:DataDirectory '{dataDirectory}' cannot be used: it cannot be created", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DataDirectoryUsedByRunningNode_SaysAnotherNodeHoldsIt()
    {
        await using var first = await RunningNode.StartAsync(RunningNode.ArgsFor(chain, DataDirectory));

        var reason = await StartupAssert.FailsAsync(RunningNode.ArgsFor(chain, DataDirectory));

        Assert.Contains("another node process is using it (repo.lock is held)", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MalformedAppSettings_NamesTheFile()
    {
        var contentRoot = _directory.Combine("content");
        Directory.CreateDirectory(contentRoot);
        await File.WriteAllTextAsync(Path.Combine(contentRoot, "appsettings.json"), "{ \"Node\": { \"DataDirectory\": ");

        var reason = await StartupAssert.FailsAsync(RunningNode.ArgsFor(chain, DataDirectory), contentRoot);

        Assert.Contains("appsettings.json", reason, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDirectory));
    }

    [Fact]
    public async Task Start_GenericUrlsSetting_IsRefused()
    {
        var args = RunningNode.ArgsFor(chain, DataDirectory);
        args.Add("--urls=http://0.0.0.0:8080");

        var reason = await StartupAssert.FailsAsync(args);

        Assert.Contains("'urls'", reason, StringComparison.Ordinal);
        Assert.Contains("Http:BindAddress", reason, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}
