using System.Reflection;
using DataUnion.Chain.Connection;
using DataUnion.Chain.Wallets;
using DataUnion.Node.Hosting;
using DataUnion.Node.Security;
using DataUnion.Storage;

namespace DataUnion.Node.Apis;

/// <summary>Operator endpoints about the node itself.</summary>
public static class NodeApi
{
    /// <summary>Maps <c>/api/v1/node</c>; operator authentication applies (the fallback policy).</summary>
    public static WebApplication MapNodeApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/v1").WithTags("Node").ForOperator();
        api.MapGet("/node", GetNodeInfo)
            .WithName("GetNodeInfo")
            .WithSummary("Node version, data directory and the verified chain deployment (operator only).");
        return app;
    }

    internal static NodeInfo GetNodeInfo(DataDirectory dataDirectory, NodeDatabase database, ChainConnection chain, OperatorKey operatorKey)
    {
        var deployment = chain.Deployment;
        var version = typeof(NodeApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        return new NodeInfo(
            version,
            dataDirectory.Root,
            database.SchemaVersion,
            new ChainInfo(
                deployment.ChainId,
                chain.RedactedRpcUrl,
                chain.IsLocal,
                deployment.DeployBlock,
                deployment.Contracts.ToDictionary(c => c.Key, c => c.Value.Address)),
            new OperatorInfo(operatorKey.Address, System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(operatorKey.Source.ToString())));
    }
}
