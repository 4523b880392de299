using System.Net;
using System.Net.Http.Headers;
using DataUnion.Node.Tests.Support;
using DataUnion.Testing;

namespace DataUnion.Cli.Tests;

/// <summary>kill -9 in the middle of a 1 GiB add, then a restart: the store must verify clean.</summary>
[Collection(ChainCollection.Name)]
public sealed class CrashRecoveryTests(HardhatChainFixture chain) : IDisposable
{
    private const long OneGiB = 1L << 30;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task KillDuringOneGiBAdd_RestartedNode_PassesRepoVerifyWithNoPartialBlock()
    {
        var dataDirectory = _directory.Combine("node");
        var port = FreePort.Next();
        var args = RunningNode.ArgsFor(chain, dataDirectory);
        args.Remove("--Http:Port=0");
        args.Add($"--Http:Port={port}");
        args.Add($"--Http:MaxRequestBodyBytes={2 * OneGiB}");
        var api = $"http://127.0.0.1:{port}/";

        using (var node = NodeProcess.Start(args, waitFor: "Now listening on"))
        {
            await node.WaitForLineAsync(Patience);
            var add = StartAdd(api, Path.Combine(dataDirectory, "operator.token"));
            var blocks = Path.Combine(dataDirectory, "blocks");
            using var deadline = new CancellationTokenSource(Patience);
            // Blocks of an add are written as temp files and renamed into place when the add commits.
            while (Directory.GetFiles(blocks, ".tmp-*", SearchOption.AllDirectories).Length < 200)
            {
                Assert.False(add.IsCompleted, "the add ended before the kill");
                await Task.Delay(20, deadline.Token);
            }

            node.Kill();
            await Assert.ThrowsAnyAsync<Exception>(() => add);
        }

        using var restarted = NodeProcess.Start(args, waitFor: "Now listening on");
        await restarted.WaitForLineAsync(Patience);
        var run = await CliRun.InvokeAsync("ipfs", "repo", "verify", "--api", api, "--data-dir", dataDirectory);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("blocks validated", run.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(dataDirectory, "blocks"), ".tmp-*", SearchOption.AllDirectories));
        restarted.Terminate();
        Assert.Equal(0, await restarted.WaitForExitAsync(Patience));
    }

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
