using DataUnion.Node.Tests.Labeling;
using DataUnion.Testing;

namespace DataUnion.Web.Tests.Support;

/// <summary>
/// What every browser test class shares: the chain and Chromium of the collection, and a fresh
/// node with the operator wallet and a "faces" domain (<see cref="LabelingNode"/>) per test.
/// </summary>
public abstract class BrowserTests(HardhatChainFixture chain, BrowserFixture browser) : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    protected HardhatChainFixture Chain { get; } = chain;

    protected BrowserFixture Browser { get; } = browser;

    internal LabelingNode Node { get; private set; } = null!;

    /// <summary>Extra node settings (<c>--Section:Key=value</c>) of the test class.</summary>
    protected virtual string[] NodeSettings => [];

    public virtual async Task InitializeAsync() => Node = await LabelingNode.StartAsync(Chain, _directory, NodeSettings);

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>A person with the test wallet holding <paramref name="key"/>, in a fresh browser context.</summary>
    internal Task<WebSession> OpenAsync(string key, int width = 1280) => WebSession.OpenAsync(Browser, Chain, Node.Node.BaseUrl, key, width);
}
