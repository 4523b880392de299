using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DataUnion.Core.Pinning;
using DataUnion.Ipfs.Store;

namespace DataUnion.Node.Replication;

/// <summary>
/// Copies one pin to one target. Kubo RPC targets (kubo, IPFS Cluster's proxy) get the DAG pushed as
/// a CAR to <c>/api/v0/dag/import</c>, which pins its root. Pinning-service targets get
/// <c>POST /pins</c> with this node's origins and are polled on <c>GET /pins/{requestid}</c>.
/// </summary>
internal sealed class ReplicationClient(HttpClient http, IpfsStore store)
{
    public async Task<ReplicationOutcome> ReplicateAsync(ReplicationTarget target, ReplicationItem item, CancellationToken cancellationToken)
    {
        try
        {
            return target.Kind == ReplicationTarget.KuboRpc
                ? await PushToKuboAsync(target, item, cancellationToken)
                : await AskPinningServiceAsync(target, item, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return ReplicationOutcome.Failure($"{target.Name}: {ex.Message}");
        }
    }

    private async Task<ReplicationOutcome> PushToKuboAsync(ReplicationTarget target, ReplicationItem item, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent { { new CarExportContent(store, item.Cid), "file", "dag.car" } };
        using var request = Request(HttpMethod.Post, target, "api/v0/dag/import?pin-roots=true");
        request.Content = form;
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return ReplicationOutcome.Failure($"{target.Name} answered {(int)response.StatusCode}: {body}");
        }

        // kubo answers one line per root: {"Root":{"Cid":{"/":"<cid>"},"PinErrorMsg":""}}.
        foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.TryGetProperty("Root", out var root)
                && root.GetProperty("Cid").GetProperty("/").GetString() is { } cid
                && Core.Content.Cid.Parse(cid).Hash.Equals(item.Cid.Hash))
            {
                var pinError = root.TryGetProperty("PinErrorMsg", out var message) ? message.GetString() : null;
                return string.IsNullOrEmpty(pinError)
                    ? ReplicationOutcome.Success
                    : ReplicationOutcome.Failure($"{target.Name} imported {item.Cid} but could not pin it: {pinError}");
            }
        }

        return ReplicationOutcome.Failure($"{target.Name} imported the CAR but did not confirm the root {item.Cid}: {body}");
    }

    private async Task<ReplicationOutcome> AskPinningServiceAsync(ReplicationTarget target, ReplicationItem item, CancellationToken cancellationToken)
    {
        if (item.RemoteRequestId is { } requestId)
        {
            using var poll = Request(HttpMethod.Get, target, $"pins/{Uri.EscapeDataString(requestId)}");
            using var status = await http.SendAsync(poll, cancellationToken);
            if (status.IsSuccessStatusCode)
            {
                var state = await ReadStatusAsync(status, cancellationToken);
                return state switch
                {
                    "pinned" => ReplicationOutcome.Success,
                    "queued" or "pinning" => ReplicationOutcome.Pending(requestId),
                    _ => ReplicationOutcome.Failure($"{target.Name} reports the pin of {item.Cid} as {state}"),
                };
            }

            if ((int)status.StatusCode != StatusCodes.Status404NotFound)
            {
                return new ReplicationOutcome(false, requestId, $"{target.Name} answered {(int)status.StatusCode} for request {requestId}");
            }
        }

        using var create = Request(HttpMethod.Post, target, "pins");
        create.Content = JsonContent.Create(new { cid = item.Cid.ToString(), origins = target.Origins });
        using var created = await http.SendAsync(create, cancellationToken);
        if (!created.IsSuccessStatusCode)
        {
            return ReplicationOutcome.Failure($"{target.Name} answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync(cancellationToken)}");
        }

        using var document = JsonDocument.Parse(await created.Content.ReadAsStringAsync(cancellationToken));
        var newId = document.RootElement.GetProperty("requestid").GetString()!;
        return document.RootElement.GetProperty("status").GetString() == "pinned" ? ReplicationOutcome.Success : ReplicationOutcome.Pending(newId);
    }

    private static async Task<string?> ReadStatusAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return document.RootElement.GetProperty("status").GetString();
    }

    private static HttpRequestMessage Request(HttpMethod method, ReplicationTarget target, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(new Uri(target.Url.TrimEnd('/') + "/"), path));
        if (target.ResolveToken() is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }
}
