using DataUnion.Node.Hosting;

namespace DataUnion.Node.Tests.Support;

/// <summary>Builds and starts a node that must fail, and returns the operator-facing reason.</summary>
public static class StartupAssert
{
    public static async Task<string> FailsAsync(IEnumerable<string> args, string? contentRoot = null, Func<string, string?>? environment = null)
    {
        Exception? failure = null;
        try
        {
            await using var app = NodeApp.Build(args.ToArray(), contentRoot, environment ?? (_ => null));
            await app.StartAsync();
            await app.StopAsync();
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        Assert.NotNull(failure);
        var reason = StartupFailure.Describe(failure);
        Assert.True(reason is not null, $"not a described startup failure: {failure}");
        return reason;
    }
}
