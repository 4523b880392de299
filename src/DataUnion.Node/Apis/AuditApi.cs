using System.Text.Json;
using DataUnion.Node.Security;
using DataUnion.Storage.Audit;

namespace DataUnion.Node.Apis;

/// <summary>
/// The audit log: every request of the operator or a member that could change state (any method
/// but GET, HEAD and OPTIONS) is appended with who made it, the route, the status and the request
/// id, after it was answered. The operator reads it page by page or exports it as JSON lines.
/// </summary>
public static class AuditApi
{
    private const int MaxPathLength = 512;

    /// <summary>Appends each state-changing request of the operator or a member to the audit log.</summary>
    public static WebApplication UseAuditLog(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var log = app.Services.GetRequiredService<LiteDbAuditLog>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        app.Use(async (context, next) =>
        {
            await next(context);
            var method = context.Request.Method;
            if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
                || context.User.Identity?.IsAuthenticated != true
                || context.GetEndpoint() is not RouteEndpoint endpoint)
            {
                return;
            }

            var path = context.Request.Path.Value ?? "";
            log.Append(new AuditEntry(
                time.GetUtcNow(),
                context.User.IsInRole(OperatorTokenHandler.OperatorRole) ? "operator" : context.User.Identity.Name ?? "unknown",
                (Roles.Of(endpoint) ?? Role.Operator).ToString().ToLowerInvariant(),
                method,
                "/" + endpoint.RoutePattern.RawText?.TrimStart('/'),
                path.Length > MaxPathLength ? path[..MaxPathLength] + "…" : path,
                context.Response.StatusCode,
                context.TraceIdentifier));
        });
        return app;
    }

    /// <summary>Maps <c>GET /api/v1/audit</c> and <c>GET /api/v1/audit/export</c>.</summary>
    public static WebApplication MapAuditApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var audit = app.MapGroup("/api/v1/audit").WithTags("Audit").ForOperator();
        audit.MapGet("/", (LiteDbAuditLog log, long? after, int? limit) => log.Read(after ?? 0, limit ?? 100))
            .WithSummary("Audit entries after ?after= (a sequence number, default 0), oldest first; ?limit= up to 1000, default 100.");
        audit.MapGet("/export", ExportAsync)
            .WithSummary("The whole audit log as JSON lines, oldest first.");
        return app;
    }

    private static async Task ExportAsync(HttpContext context, LiteDbAuditLog log)
    {
        context.Response.ContentType = "application/x-ndjson";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"audit.jsonl\"";
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        long after = 0;
        while (log.Read(after, LiteDbAuditLog.MaxPage) is { Count: > 0 } page)
        {
            foreach (var record in page)
            {
                await context.Response.WriteAsync(JsonSerializer.Serialize(record, options) + "\n", context.RequestAborted);
            }

            after = page[^1].Sequence;
        }
    }
}
