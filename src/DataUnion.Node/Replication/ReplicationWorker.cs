using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Store;
using DataUnion.Storage.Replication;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Replication;

/// <summary>
/// Works the durable replication queue: every interval it queues each recursive local pin for each
/// target it has not reached yet, then tries the entries that are due. A failure backs off
/// exponentially (capped) and is retried forever; one failing target never holds up the others.
/// </summary>
internal sealed partial class ReplicationWorker(
    IOptions<ReplicationOptions> options,
    IpfsStore store,
    LiteDbReplicationQueue queue,
    IHttpClientFactory httpClients,
    TimeProvider timeProvider,
    ILogger<ReplicationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Targets.Count == 0)
        {
            return;
        }

        var targets = settings.Targets.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var client = new ReplicationClient(httpClients.CreateClient(nameof(ReplicationWorker)), store);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = timeProvider.GetUtcNow();
            foreach (var pin in store.ListPins(PinMode.Recursive))
            {
                foreach (var target in targets.Keys)
                {
                    queue.EnsureQueued(target, pin.Cid, now);
                }
            }

            foreach (var item in queue.Due(now))
            {
                if (!targets.TryGetValue(item.Target, out var target))
                {
                    continue;
                }

                var outcome = await client.ReplicateAsync(target, item, stoppingToken);
                queue.Save(Next(item, outcome, settings.MaxBackoff, timeProvider.GetUtcNow()));
                if (outcome.Done)
                {
                    LogReplicated(logger, item.Cid.ToString(), target.Name);
                }
                else if (outcome.Error is { } error)
                {
                    LogFailed(logger, item.Cid.ToString(), target.Name, item.Attempts + 1, error);
                }
            }

            try
            {
                await Task.Delay(settings.Interval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static ReplicationItem Next(ReplicationItem item, ReplicationOutcome outcome, TimeSpan maxBackoff, DateTimeOffset now)
    {
        if (outcome.Done)
        {
            return item with { Replicated = true, LastError = null, RemoteRequestId = null };
        }

        if (outcome.Error is null)
        {
            // The service is working on it: ask again at the next pass.
            return item with { RemoteRequestId = outcome.RemoteRequestId, NextAttempt = now };
        }

        var attempts = item.Attempts + 1;
        var backoff = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(attempts, 20)) / 4, maxBackoff.TotalSeconds));
        return item with { Attempts = attempts, LastError = outcome.Error, NextAttempt = now + backoff, RemoteRequestId = outcome.RemoteRequestId };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replicated {Cid} to {Target}")]
    private static partial void LogReplicated(ILogger logger, string cid, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replicating {Cid} to {Target} failed (attempt {Attempt}), will retry: {Error}")]
    private static partial void LogFailed(ILogger logger, string cid, string target, int attempt, string error);
}
