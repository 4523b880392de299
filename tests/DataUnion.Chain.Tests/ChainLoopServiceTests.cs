namespace DataUnion.Chain.Tests;

/// <summary>Disposing a chain loop without stopping it (what a host that failed to start does) waits for the loop to leave its work.</summary>
public sealed class ChainLoopServiceTests
{
    [Fact]
    public async Task DisposeAsync_WithoutStop_WaitsForTheLoopToFinishWhatItWasDoing()
    {
        var loop = new SlowLoop();
        await loop.StartAsync(CancellationToken.None);
        await loop.Entered.Task;

        await loop.DisposeAsync();

        Assert.True(loop.Finished, "the loop was still inside its work when disposal returned");
    }

    private sealed class SlowLoop : ChainLoopService
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Finished { get; private set; }

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            Entered.SetResult();
            // Work that, like a LiteDB transaction, does not stop half-way when cancellation is asked.
            await Task.Delay(TimeSpan.FromMilliseconds(300), CancellationToken.None);
            Finished = true;
        }
    }
}
