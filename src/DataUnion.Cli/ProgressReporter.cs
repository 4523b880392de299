using System.Globalization;

namespace DataUnion.Cli;

/// <summary>
/// A one-line progress bar on stderr for large transfers, shown only when stderr is a terminal
/// and the transfer is big enough to be worth watching.
/// </summary>
internal sealed class ProgressReporter : IDisposable
{
    private readonly TextWriter? _error;
    private readonly long _total;
    private readonly Timer? _timer;
    private long _done;

    private ProgressReporter(TextWriter? error, long total)
    {
        _error = error;
        _total = total;
        if (error is not null)
        {
            _timer = new Timer(_ => Draw(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));
        }
    }

    public static ProgressReporter Start(CliConsole console, long total, long threshold) =>
        new(console.ShowProgress && total >= threshold ? console.Error : null, total);

    public void Advance(long bytes) => Interlocked.Add(ref _done, bytes);

    public void Dispose()
    {
        _timer?.Dispose();
        if (_error is not null)
        {
            Draw();
            _error.WriteLine();
        }
    }

    private void Draw()
    {
        var done = Interlocked.Read(ref _done);
        var fraction = _total == 0 ? 1 : (double)done / _total;
        var filled = (int)(fraction * 30);
        _error!.Write(string.Create(CultureInfo.InvariantCulture,
            $"\r[{new string('#', filled)}{new string('.', 30 - filled)}] {done / 1048576.0:0.0} / {_total / 1048576.0:0.0} MiB {fraction:P0}"));
    }
}
