using DataUnion.Core.Hosting;

namespace DataUnion.Core.Tests.Hosting;

public sealed class NodeDefaultsTests
{
    private const string Home = "/home/ada";

    [Theory]
    [InlineData(null, null, "/home/ada/.dataunion")]
    [InlineData(null, "/srv/union", "/srv/union")]
    [InlineData(null, "~/unions/faces", "/home/ada/unions/faces")]
    [InlineData("/data/node", "/srv/union", "/data/node")]
    [InlineData("~", null, "/home/ada")]
    [InlineData("relative/dir", null, "relative/dir")]
    [InlineData("", "/srv/union", "/srv/union")]
    public void ResolveDataDirectory_SettingThenVariableThenDefault(string? configured, string? variable, string expected)
    {
        var resolved = NodeDefaults.ResolveDataDirectory(configured, name => name == NodeDefaults.DataDirectoryVariable ? variable : null, Home);

        Assert.Equal(expected, resolved);
    }

    [Fact]
    public void ApiUrl_IsLoopbackOnTheDefaultPort()
    {
        Assert.Equal(new Uri(NodeDefaults.ApiUrl), new UriBuilder("http", "127.0.0.1", NodeDefaults.Port).Uri);
    }
}
