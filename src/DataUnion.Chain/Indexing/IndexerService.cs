using DataUnion.Chain.Connection;
using DataUnion.Chain.Rpc;
using DataUnion.Core.Deployment;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataUnion.Chain.Indexing;

/// <summary>
/// Runs the <see cref="ChainIndexer"/> once the chain is verified: range after range until it
/// reaches the head, then a pass every <see cref="IndexerOptions.PollInterval"/>. RPC failures
/// are logged and kept in <see cref="LastError"/>; the next pass tries again.
/// </summary>
public sealed partial class IndexerService(
    ChainConnection connection,
    IOptions<IndexerOptions> options,
    TimeProvider timeProvider,
    ILoggerFactory loggers) : ChainLoopService
{
    private readonly ILogger _logger = loggers.CreateLogger<IndexerService>();

    /// <summary>The indexer, once the chain is verified (null when disabled).</summary>
    public ChainIndexer? Indexer { get; private set; }

    /// <summary>The latest pass, or null before the first.</summary>
    public IndexerPass? LastPass { get; private set; }

    /// <summary>The latest failure, cleared by a successful pass.</summary>
    public string? LastError { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || !connection.IsEstablished)
        {
            return;
        }

        var deployment = connection.Deployment;
        ChainIndexer indexer;
        try
        {
            indexer = new ChainIndexer(
                connection.Rpc, new ChainEventStore(connection.Database), deployment.GetContract("DatasetMarket").Address, deployment.GetContract("LabelerStaking").Address,
                deployment.DeployBlock, settings, loggers.CreateLogger<ChainIndexer>());
        }
        catch (InvalidDeploymentRecordException ex)
        {
            LastError = ex.Message;
            LogCannotIndex(_logger, ex.Message);
            return;
        }

        Indexer = indexer;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pass = await indexer.SyncOnceAsync(stoppingToken).ConfigureAwait(false);
                LastPass = pass;
                LastError = null;
                if (!pass.CaughtUp)
                {
                    continue;
                }
            }
            catch (ChainRpcException ex)
            {
                LastError = ex.Message;
                LogPassFailed(_logger, ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                // A storage error or an answer that breaks a conversion must not stop the node.
                LastError = $"unexpected error: {ex.GetType().Name}: {ex.Message}";
                LogPassCrashed(_logger, ex);
            }

            await Task.Delay(settings.PollInterval, timeProvider, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Indexer disabled: {Error}")]
    private static partial void LogCannotIndex(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Indexer pass failed unexpectedly, trying again")]
    private static partial void LogPassCrashed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Indexer pass failed, trying again: {Error}")]
    private static partial void LogPassFailed(ILogger logger, string error);
}
