using Microsoft.Extensions.Hosting;

namespace DataUnion.Chain;

/// <summary>
/// A background loop over the chain database (the outbox, the indexer). Disposing it waits for the
/// loop to end, not only asks it to: when a host fails to start it is disposed without being
/// stopped, and a loop still inside a LiteDB transaction would hold the database's lock while the
/// database is checkpointed and closed.
/// </summary>
public abstract class ChainLoopService : BackgroundService, IAsyncDisposable
{
    /// <summary>Longest wait for the loop to end.</summary>
    public static readonly TimeSpan StopWait = TimeSpan.FromSeconds(15);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Dispose();
        if (ExecuteTask is { } loop)
        {
            await loop.WaitAsync(StopWait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        GC.SuppressFinalize(this);
    }
}
