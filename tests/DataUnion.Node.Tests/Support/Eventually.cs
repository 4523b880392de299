namespace DataUnion.Node.Tests.Support;

/// <summary>Polls a condition until it holds or the deadline passes (no fixed sleeps).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"{what} did not happen within {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }
}
