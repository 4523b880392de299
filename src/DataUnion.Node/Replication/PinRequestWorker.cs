using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Blocks;
using DataUnion.Ipfs.Car;
using DataUnion.Ipfs.Dag;
using DataUnion.Ipfs.Store;
using DataUnion.Storage.Pins;
using Microsoft.Extensions.Options;

namespace DataUnion.Node.Replication;

/// <summary>
/// Serves the Pinning Services API's queue: a request whose DAG is already here is pinned at once;
/// otherwise the DAG is fetched as a CAR from the request's HTTP origins (trustless gateways),
/// verified block by block, imported and pinned. Failures are retried with backoff, then failed.
/// </summary>
internal sealed partial class PinRequestWorker(
    IOptions<ReplicationOptions> options,
    IpfsStore store,
    LiteDbPinRequestStore requests,
    IHttpClientFactory httpClients,
    TimeProvider timeProvider,
    ILogger<PinRequestWorker> logger) : BackgroundService
{
    /// <summary>Tries before a request is marked failed.</summary>
    public const int MaxAttempts = 8;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var http = httpClients.CreateClient(nameof(PinRequestWorker));
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var request in requests.Due(timeProvider.GetUtcNow()))
            {
                PinRequest outcome;
                try
                {
                    outcome = await ProcessAsync(http, request, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // One request the node cannot handle must not stop the queue, nor the node.
                    LogFailed(logger, ex, request.RequestId);
                    outcome = Retry(request, "the node could not process this request; its log has the cause");
                }

                if (!requests.Update(outcome))
                {
                    // Deleted or replaced while it was worked on: it must not come back, nor keep a hold.
                    store.Unpin(request.Cid, PinOwner.PinRequest(request.RequestId));
                }
            }

            try
            {
                await Task.Delay(options.Value.Interval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<PinRequest> ProcessAsync(HttpClient http, PinRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        if (!await TryPinLocalAsync(request, errors, cancellationToken))
        {
            foreach (var origin in request.Origins)
            {
                if (HttpMultiaddr.ToUrl(origin) is not { } gateway)
                {
                    continue;
                }

                try
                {
                    using var fetch = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway, $"ipfs/{request.Cid}?format=car&dag-scope=all"));
                    fetch.Headers.Accept.ParseAdd("application/vnd.ipld.car");
                    using var response = await http.SendAsync(fetch, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                    if (!response.IsSuccessStatusCode)
                    {
                        LogOriginFailed(logger, request.RequestId, origin, $"answered {(int)response.StatusCode}");
                        errors.Add(Unreachable(origin));
                        continue;
                    }

                    await store.ImportCarAsync(await response.Content.ReadAsStreamAsync(cancellationToken), pinRootsFor: null, cancellationToken);
                    if (await TryPinLocalAsync(request, errors, cancellationToken))
                    {
                        break;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    LogOriginFailed(logger, request.RequestId, origin, ex.Message);
                    errors.Add(OriginRefusedException.In(ex) is { } refused ? refused.Message : Unreachable(origin));
                }
                catch (Exception ex) when (ex is CarFormatException or BlockStoreException)
                {
                    errors.Add($"{origin} sent a CAR this node does not accept: {ex.Message}");
                }
            }
        }

        if (store.FindPin(request.Cid)?.Owners.Contains(PinOwner.PinRequest(request.RequestId).Value) == true)
        {
            LogPinned(logger, request.Cid.ToString(), request.RequestId);
            return request with { Status = PinRequestStatus.Pinned, Info = null };
        }

        return Retry(request, errors.Count > 0 ? string.Join("; ", errors) : "no origin could serve the DAG and it is not here");
    }

    /// <summary>
    /// What the requester learns of an origin that could not be fetched from. Deliberately one
    /// sentence for every network failure: telling "refused" from "timed out" from "answered 404"
    /// would make the node a port scanner for whoever may ask for pins. The log has the cause.
    /// </summary>
    private static string Unreachable(string origin) => $"{origin}: the DAG could not be fetched from this origin";

    private PinRequest Retry(PinRequest request, string reason)
    {
        var attempts = request.Attempts + 1;
        return attempts >= MaxAttempts
            ? request with { Status = PinRequestStatus.Failed, Attempts = attempts, Info = reason }
            : request with
            {
                Status = PinRequestStatus.Queued,
                Attempts = attempts,
                Info = reason,
                NextAttempt = timeProvider.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempts) / 4, options.Value.MaxBackoff.TotalSeconds)),
            };
    }

    private async Task<bool> TryPinLocalAsync(PinRequest request, List<string> errors, CancellationToken cancellationToken)
    {
        try
        {
            await store.PinAsync(request.Cid, PinMode.Recursive, PinOwner.PinRequest(request.RequestId), request.Name, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is BlockStoreException or DagFormatException)
        {
            errors.Add(ex.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pinning service request {RequestId}: fetching from {Origin} failed: {Cause}")]
    private static partial void LogOriginFailed(ILogger logger, string requestId, string origin, string cause);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pinning service request {RequestId} could not be processed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pinning service request {RequestId}: pinned {Cid}")]
    private static partial void LogPinned(ILogger logger, string cid, string requestId);
}
