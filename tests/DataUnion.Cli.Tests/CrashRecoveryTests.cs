using System.Net;
using System.Net.Http.Headers;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;

namespace DataUnion.Cli.Tests;

/// <summary>kill -9 in the middle of a 1 GiB add, then a restart: the store must verify clean.</summary>
[Collection(HardhatChainCollection.Name)]
public sealed class CrashRecoveryTests(HardhatChainFixture chain) : IDisposable
{
    private const long OneGiB = 1L << 30;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly TempDirectory _directory = new();

    [Theory]
    [InlineData("packed")]
    [InlineData("flatfs")]
    public async Task KillDuringOneGiBAdd_RestartedNode_PassesRepoVerifyWithNoPartialBlock(string layout)
    {
        var dataDirectory = _directory.Combine("node");
        var port = FreePort.Next();
        var args = RunningNode.ArgsFor(chain, dataDirectory);
        args.Remove("--Http:Port=0");
        args.Add($"--Http:Port={port}");
        args.Add($"--Http:MaxRequestBodyBytes={2 * OneGiB}");
        args.Add($"--Ipfs:BlockLayout={layout}");
        var api = $"http://127.0.0.1:{port}/";
        var blocks = Path.Combine(dataDirectory, "blocks");

        using (var node = NodeProcess.Start(args, waitFor: "Now listening on"))
        {
            await node.WaitForLineAsync(Patience);
            var add = StartAdd(api, Path.Combine(dataDirectory, "operator.token"));
            using var deadline = new CancellationTokenSource(Patience);
            // Until the add commits, flatfs holds its blocks in temp files and the packed layout
            // holds them as unindexed records in a pack: kill the node with ~50 MiB written.
            while (UncommittedBytes(blocks, layout) < 50L << 20)
            {
                Assert.False(add.IsCompleted, "the add ended before the kill");
                await Task.Delay(20, deadline.Token);
            }

            node.Kill();
            await Assert.ThrowsAnyAsync<Exception>(() => add);
        }

        using var restarted = NodeProcess.Start(args, waitFor: "Now listening on");
        await restarted.WaitForLineAsync(Patience);
        var verify = await CliRun.InvokeAsync("ipfs", "repo", "verify", "--api", api, "--data-dir", dataDirectory);
        var gc = await CliRun.InvokeAsync("ipfs", "repo", "gc", "--api", api, "--data-dir", dataDirectory);

        Assert.Equal(0, verify.ExitCode);
        // Nothing of the interrupted add is visible, so nothing partial can be served.
        Assert.Contains("all 0 blocks validated", verify.Output, StringComparison.Ordinal);
        Assert.Equal(0, gc.ExitCode);
        Assert.Empty(Directory.GetFiles(blocks, ".tmp-*", SearchOption.AllDirectories));
        if (layout == "packed")
        {
            // The pack the crash left behind had no indexed record: the collection deleted it.
            Assert.Empty(Directory.GetFiles(Path.Combine(blocks, "packs")));
        }

        restarted.Terminate();
        Assert.Equal(0, await restarted.WaitForExitAsync(Patience));
    }

    private static long UncommittedBytes(string blocks, string layout) => layout == "packed"
        ? (Directory.Exists(Path.Combine(blocks, "packs")) ? Directory.GetFiles(Path.Combine(blocks, "packs")).Sum(f => new FileInfo(f).Length) : 0)
        : Directory.GetFiles(blocks, ".tmp-*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    private static Task<HttpResponseMessage> StartAdd(string api, string tokenFile)
    {
        var http = new HttpClient { BaseAddress = new Uri(api), Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(tokenFile).Trim());
        var form = new MultipartFormDataContent();
        var file = new StreamContent(new PseudoRandomStream(OneGiB), 1 << 20);
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = "\"big.bin\"" };
        form.Add(file);
        return http.PostAsync(new Uri("api/v0/add", UriKind.Relative), form);
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>Length bytes of cheap pseudo-random data, generated as read.</summary>
    private sealed class PseudoRandomStream(long length) : Stream
    {
        private readonly Random _random = new(1);
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = (int)Math.Min(buffer.Length, length - _position);
            _random.NextBytes(buffer[..count]);
            _position += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
