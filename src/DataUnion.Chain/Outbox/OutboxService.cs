using DataUnion.Chain.Connection;
using DataUnion.Chain.Rpc;
using DataUnion.Chain.Wallets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataUnion.Chain.Outbox;

/// <summary>
/// Runs the outbox once the chain is up: a pass whenever an intent is recorded, and every
/// <see cref="OutboxOptions.PollInterval"/> otherwise. Without an operator wallet there is no
/// outbox and <see cref="Outbox"/> stays null.
/// </summary>
public sealed partial class OutboxService(
    ChainConnection connection,
    OperatorKey operatorKey,
    IOptions<OutboxOptions> options,
    TimeProvider timeProvider,
    ILoggerFactory loggers) : ChainLoopService
{
    private readonly ILogger _logger = loggers.CreateLogger<OutboxService>();

    /// <summary>The outbox, once the chain is verified and when the node has an operator wallet.</summary>
    public TransactionOutbox? Outbox { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!connection.IsEstablished || operatorKey.AccountFor(connection.Deployment.ChainId) is not { } account)
        {
            LogDisabled(_logger);
            return;
        }

        var settings = options.Value;
        var outbox = new TransactionOutbox(
            new OutboxStore(connection.Database), connection.Rpc, new TransactionSigner(account, connection.Deployment.ChainId), settings, connection.IsLocal, timeProvider,
            loggers.CreateLogger<TransactionOutbox>());
        Outbox = outbox;
        LogStarted(_logger, outbox.Sender, outbox.Confirmations);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await outbox.ProcessAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (ChainRpcException ex)
            {
                LogPassFailed(_logger, ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                // A broken pass must not stop the node; it is logged and tried again.
                LogPassCrashed(_logger, ex);
            }

            await outbox.WaitForWorkAsync(settings.PollInterval, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox disabled: no operator wallet")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox sending as {Sender}, {Confirmations} confirmation(s) per transaction")]
    private static partial void LogStarted(ILogger logger, string sender, int confirmations);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox pass failed unexpectedly, trying again")]
    private static partial void LogPassCrashed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox pass failed, trying again: {Error}")]
    private static partial void LogPassFailed(ILogger logger, string error);
}
