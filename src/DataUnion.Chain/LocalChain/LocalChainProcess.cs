using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace DataUnion.Chain.LocalChain;

/// <summary>
/// A local Hardhat node with the project's contracts deployed, run by <c>deploy/local-chain.js</c>.
/// The script stops the chain when its stdin closes, so the chain never outlives this process,
/// not even after a <c>kill -9</c>.
/// </summary>
public sealed partial class LocalChainProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly ILogger _logger;

    private LocalChainProcess(Process process, string rpcUrl, long chainId, string recordPath, ILogger logger)
    {
        _process = process;
        RpcUrl = rpcUrl;
        ChainId = chainId;
        RecordPath = recordPath;
        _logger = logger;
    }

    /// <summary>JSON-RPC URL of the chain on 127.0.0.1.</summary>
    public string RpcUrl { get; }

    /// <summary>Chain id the node reported.</summary>
    public long ChainId { get; }

    /// <summary>Deployment record the script wrote.</summary>
    public string RecordPath { get; }

    /// <summary>True while the chain process runs.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>
    /// Starts the chain, deploys the contracts and returns once the deployment record is written.
    /// </summary>
    /// <param name="project">The Hardhat project to run.</param>
    /// <param name="port">Port on 127.0.0.1; 0 picks a free one.</param>
    /// <param name="chainDirectory">Folder for the deployment record and Ignition's journal.</param>
    /// <param name="timeout">Time allowed for start and deploy.</param>
    /// <param name="logger">Receives the script's diagnostics.</param>
    /// <param name="cancellationToken">Stops waiting and kills the chain.</param>
    public static async Task<LocalChainProcess> StartAsync(
        HardhatProject project,
        int port,
        string chainDirectory,
        TimeSpan timeout,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        Directory.CreateDirectory(chainDirectory);
        if (port != 0)
        {
            return await StartOnAsync(project, port, chainDirectory, timeout, logger, cancellationToken).ConfigureAwait(false);
        }

        // A port found free can be taken by another process before the chain binds it: then
        // another free port is tried.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnAsync(project, FindFreePort(), chainDirectory, timeout, logger, cancellationToken).ConfigureAwait(false);
            }
            catch (ChainStartupException ex) when (attempt < MaxPortAttempts && ex.Message.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                LogPortTaken(logger, ex.Message);
            }
        }
    }

    private const int MaxPortAttempts = 5;

    private static async Task<LocalChainProcess> StartOnAsync(
        HardhatProject project,
        int port,
        string chainDirectory,
        TimeSpan timeout,
        ILogger logger,
        CancellationToken cancellationToken)
    {

        var recordPath = Path.Combine(Path.GetFullPath(chainDirectory), "deployment.json");
        var startInfo = new ProcessStartInfo(project.NodeExecutable)
        {
            WorkingDirectory = project.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(project.LocalChainScript);
        startInfo.ArgumentList.Add("--port");
        startInfo.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        startInfo.ArgumentList.Add("--record");
        startInfo.ArgumentList.Add(recordPath);
        startInfo.ArgumentList.Add("--timeout-ms");
        startInfo.ArgumentList.Add(((long)timeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new ChainStartupException(
                $"cannot run Node.js '{project.NodeExecutable}' for the local chain ({ex.Message}); run scripts/bootstrap.sh, or set Chain:LocalNode:NodeExecutable",
                ex);
        }

        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                LogScriptOutput(logger, e.Data);
            }
        };
        process.BeginErrorReadLine();
        LogStarting(logger, port, project.Root);

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            var ready = await WaitForReadyAsync(process, timeoutSource.Token).ConfigureAwait(false);
            return new LocalChainProcess(process, ready.RpcUrl, ready.ChainId, recordPath, logger);
        }
        catch (Exception ex)
        {
            await StopAsync(process, logger).ConfigureAwait(false);
            process.Dispose();
            if (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new ChainStartupException(
                    $"the local chain on 127.0.0.1:{port} was not ready within {timeout.TotalSeconds:0} s (Chain:LocalNode:StartupTimeout)", ex);
            }

            throw;
        }
    }

    /// <summary>Stops the chain: closes its stdin, then kills it if it does not exit in time.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(_process, _logger).ConfigureAwait(false);
        _process.Dispose();
    }

    private static async Task<(string RpcUrl, long ChainId)> WaitForReadyAsync(Process process, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new ChainStartupException(
                    $"the local chain script exited (code {await ExitCodeAsync(process).ConfigureAwait(false)}) before the chain was ready");

            if (!line.StartsWith('{'))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            switch (root.GetProperty("event").GetString())
            {
                case "ready":
                    return (root.GetProperty("rpcUrl").GetString()!, root.GetProperty("chainId").GetInt64());
                case "error":
                    throw new ChainStartupException($"the local chain did not start: {root.GetProperty("message").GetString()}");
            }
        }
    }

    private static async Task<int> ExitCodeAsync(Process process)
    {
        await process.WaitForExitAsync().ConfigureAwait(false);
        return process.ExitCode;
    }

    private static async Task StopAsync(Process process, ILogger logger)
    {
        if (process.HasExited)
        {
            return;
        }

        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The script already went away; the exit wait below confirms it.
        }

        using var grace = new CancellationTokenSource(StopGrace);
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LogKilling(logger, StopGrace.TotalSeconds);
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The port picked for the local chain was taken meanwhile; trying another: {Reason}")]
    private static partial void LogPortTaken(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting the local chain on 127.0.0.1:{Port} from {ProjectRoot}")]
    private static partial void LogStarting(ILogger logger, int port, string projectRoot);

    [LoggerMessage(Level = LogLevel.Debug, Message = "local chain: {Line}")]
    private static partial void LogScriptOutput(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The local chain did not stop within {Seconds} s; killing it")]
    private static partial void LogKilling(ILogger logger, double seconds);
}
