namespace DataUnion.Node.Security;

/// <summary>
/// Loads the operator credential at start, so a bad token file stops the node before it listens,
/// and says where the token is (never what it is).
/// </summary>
internal sealed partial class OperatorCredentialLogger(OperatorCredential credential, ILogger<OperatorCredentialLogger> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogSource(logger, credential.Source);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Operator API requires the bearer token from {Source}")]
    private static partial void LogSource(ILogger logger, string source);
}
