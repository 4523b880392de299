namespace DataUnion.Ipfs.Store;

/// <summary>
/// kubo's GC locker: adds and pins hold a shared lock from their first block write until their
/// pin is recorded; garbage collection holds the exclusive lock, so it never sees the blocks of
/// an add that is still in progress. Waiting writers block new readers, so GC cannot starve.
/// </summary>
public sealed class GcLocker
{
    private readonly SemaphoreSlim _turnstile = new(1, 1);
    private readonly SemaphoreSlim _roomEmpty = new(1, 1);
    private readonly SemaphoreSlim _mutex = new(1, 1);
    private int _readers;

    /// <summary>Takes the shared lock for an add or a pin.</summary>
    public async Task<IDisposable> EnterSharedAsync(CancellationToken cancellationToken)
    {
        await _turnstile.WaitAsync(cancellationToken).ConfigureAwait(false);
        _turnstile.Release();
        await _mutex.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (++_readers == 1)
            {
                await _roomEmpty.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _mutex.Release();
        }

        return new Releaser(ExitShared);
    }

    /// <summary>Takes the exclusive lock for garbage collection.</summary>
    public async Task<IDisposable> EnterExclusiveAsync(CancellationToken cancellationToken)
    {
        await _turnstile.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _roomEmpty.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _turnstile.Release();
            throw;
        }

        return new Releaser(() =>
        {
            _roomEmpty.Release();
            _turnstile.Release();
        });
    }

    private void ExitShared()
    {
        _mutex.Wait();
        try
        {
            if (--_readers == 0)
            {
                _roomEmpty.Release();
            }
        }
        finally
        {
            _mutex.Release();
        }
    }

    private sealed class Releaser(Action release) : IDisposable
    {
        private Action? _release = release;

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
