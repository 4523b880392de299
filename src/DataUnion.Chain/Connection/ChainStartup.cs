using DataUnion.Chain.LocalChain;
using DataUnion.Chain.Rpc;
using DataUnion.Chain.Storage;
using DataUnion.Core.Deployment;
using DataUnion.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataUnion.Chain.Connection;

/// <summary>
/// Brings the chain up before the node serves anything: starts and deploys the local chain when
/// no RPC URL is set, reads the deployment record and verifies it against the chain. Any failure
/// stops the host with a message that names the cause.
/// </summary>
public sealed partial class ChainStartup(
    IOptions<ChainOptions> options,
    ChainPaths paths,
    ChainConnection connection,
    TimeProvider timeProvider,
    ILogger<ChainStartup> logger) : IHostedService, IAsyncDisposable
{
    private LocalChainProcess? _localChain;
    private ChainDatabase? _database;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        string rpcUrl;
        string recordPath;
        if (settings.UsesLocalChain)
        {
            var project = HardhatProject.Locate(settings.LocalNode);
            _localChain = await LocalChainProcess.StartAsync(
                project, settings.LocalNode.Port, paths.LocalChainDirectory, settings.LocalNode.StartupTimeout, logger, cancellationToken)
                .ConfigureAwait(false);
            rpcUrl = _localChain.RpcUrl;
            recordPath = _localChain.RecordPath;
        }
        else
        {
            rpcUrl = settings.RpcUrl!;
            recordPath = Path.GetFullPath(settings.DeploymentRecordPath!);
        }

        var record = ReadRecord(recordPath);
        var rpc = new ChainRpc(rpcUrl, settings.RpcTimeout, settings.RpcAttempts, settings.RpcRetryDelay, timeProvider);
        await ChainVerifier.VerifyAsync(rpc.Web3, record, rpcUrl, cancellationToken).ConfigureAwait(false);
        _database = OpenDatabase(settings.UsesLocalChain, record.ChainId);
        connection.Establish(rpc.Web3, record, rpcUrl, settings.UsesLocalChain, rpc, _database);
        LogReady(logger, record.ChainId, record.Contracts.Count, RpcEndpoint.Redact(rpcUrl), settings.UsesLocalChain, record.DeployBlock);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _database?.Dispose();
        _database = null;
        if (_localChain is { } chain)
        {
            _localChain = null;
            await chain.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One database per chain id (<c>chain-&lt;id&gt;.db</c>), so pointing the node at another network
    /// never mixes outboxes. The local chain is new at every start, so its database is too.
    /// </summary>
    private ChainDatabase OpenDatabase(bool localChain, long chainId)
    {
        var path = Path.Combine(paths.LocalChainDirectory, localChain ? "local-chain.db" : $"chain-{chainId}.db");
        if (localChain)
        {
            File.Delete(path);
            File.Delete(Path.ChangeExtension(path, null) + "-log.db");
        }

        try
        {
            return ChainDatabase.Open(path);
        }
        catch (StorageException ex)
        {
            throw new ChainStartupException(ex.Message, ex);
        }
    }

    private static DeploymentRecord ReadRecord(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ChainStartupException($"cannot read the deployment record '{path}' (Chain:DeploymentRecordPath): {ex.Message}", ex);
        }

        try
        {
            return DeploymentRecordParser.Parse(json);
        }
        catch (InvalidDeploymentRecordException ex)
        {
            throw new ChainStartupException($"the deployment record '{path}' is invalid: {ex.Message}", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Chain ready: chain id {ChainId}, {ContractCount} contract(s) verified at {RpcUrl} (local: {IsLocal}, deploy block {DeployBlock})")]
    private static partial void LogReady(ILogger logger, long chainId, int contractCount, string rpcUrl, bool isLocal, long deployBlock);
}
