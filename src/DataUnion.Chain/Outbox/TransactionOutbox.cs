using System.Numerics;
using DataUnion.Chain.Rpc;
using Microsoft.Extensions.Logging;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;

namespace DataUnion.Chain.Outbox;

/// <summary>
/// The node's only way to send a transaction. An intent is written to LiteDB first; the
/// outbox then gives it a nonce, signs it with capped EIP-1559 fees, writes the signed
/// transaction down before broadcasting it, follows it to its receipt and confirmations,
/// re-broadcasts it when the node forgot it and bumps its fees when it is stuck. Each intent
/// owns one nonce for good, so of all the transactions signed for it at most one can be mined.
/// An intent only gets a new nonce when its own nonce was used by a transaction the outbox did
/// not send, and then only after no receipt of its own transactions and no sign of its effect
/// was found on chain. <see cref="ProcessAsync"/> is one pass; <see cref="OutboxService"/> runs it.
/// </summary>
public sealed partial class TransactionOutbox
{
    private readonly OutboxStore _store;
    private readonly ChainRpc _rpc;
    private readonly TransactionSigner _signer;
    private readonly OutboxOptions _options;
    private readonly int _confirmations;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Creates the outbox.</summary>
    /// <param name="store">Where intents live.</param>
    /// <param name="rpc">The chain.</param>
    /// <param name="signer">The operator key.</param>
    /// <param name="options">Fee caps, confirmations, timings.</param>
    /// <param name="localChain">True on the node's own chain (one confirmation by default).</param>
    /// <param name="timeProvider">Clock.</param>
    /// <param name="logger">Log.</param>
    public TransactionOutbox(OutboxStore store, ChainRpc rpc, TransactionSigner signer, OutboxOptions options, bool localChain, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _rpc = rpc;
        _signer = signer;
        _options = options;
        _confirmations = options.ConfirmationsFor(localChain);
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>The sending address.</summary>
    public string Sender => _signer.Address;

    /// <summary>Confirmations required before an intent is done.</summary>
    public int Confirmations => _confirmations;

    /// <summary>
    /// Records an intent. The same key again returns the first intent unchanged, whatever its
    /// state; a key reused for a different call is refused.
    /// </summary>
    /// <exception cref="OutboxException">The key was used for a different call.</exception>
    public TransactionIntent Enqueue(IntentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Key);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Kind);
        if (!Nethereum.Util.AddressUtil.Current.IsValidEthereumAddressHexFormat(request.To))
        {
            throw new OutboxException($"intent '{request.Key}': '{request.To}' is not an address");
        }

        if (!request.Data.IsHex() || request.Value < 0)
        {
            throw new OutboxException($"intent '{request.Key}': the calldata must be 0x-hex and the value not negative");
        }

        var now = _time.GetUtcNow();
        var (intent, created) = _store.Add(sequence =>
        {
            var fresh = new TransactionIntent
            {
                Key = request.Key,
                Sequence = sequence,
                Kind = request.Kind,
                From = _signer.Address,
                To = request.To,
                Data = request.Data.EnsureHexPrefix().ToLowerInvariant(),
                Value = request.Value,
                Effect = request.Effect,
                State = IntentState.Queued,
                Created = now,
                Updated = now,
                NextAttempt = now,
            };
            fresh.Note(now, $"recorded: {request.Kind} on {request.To}");
            return fresh;
        });

        if (!created && (!string.Equals(intent.To, request.To, StringComparison.OrdinalIgnoreCase)
                         || intent.Data != request.Data.EnsureHexPrefix().ToLowerInvariant() || intent.Value != request.Value))
        {
            throw new OutboxException($"the idempotency key '{request.Key}' was already used for a different call ({intent.Kind} on {intent.To})");
        }

        if (created)
        {
            LogEnqueued(_logger, intent.Key, intent.Kind, intent.To);
            Wake();
        }

        return intent;
    }

    /// <summary>Records a typed contract call as an intent.</summary>
    public TransactionIntent Enqueue<TFunction>(string key, string contract, TFunction call, IntentEffect? effect = null)
        where TFunction : FunctionMessage, new()
    {
        ArgumentNullException.ThrowIfNull(call);
        var kind = ABITypedRegistry.GetFunctionABI<TFunction>().Name;
        return Enqueue(new IntentRequest(key, kind, contract, call.GetCallData().ToHex(prefix: true), call.AmountToSend, effect));
    }

    /// <summary>The intent with <paramref name="key"/>, or null.</summary>
    public TransactionIntent? Find(string key) => _store.Find(key);

    /// <summary>Intents not yet confirmed, reverted or failed.</summary>
    public int UnfinishedCount() => _store.Active().Count;

    /// <summary>The newest intents, newest first.</summary>
    public IReadOnlyList<TransactionIntent> Recent(int limit = 100) => _store.Recent(limit);

    /// <summary>Waits until the intent is finished (confirmed, reverted or failed) and returns it.</summary>
    public async Task<TransactionIntent> WaitAsync(string key, CancellationToken cancellationToken)
    {
        while (true)
        {
            var intent = _store.Find(key) ?? throw new OutboxException($"no intent with the key '{key}'");
            if (intent.IsFinished)
            {
                return intent;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until there may be work (an enqueue) or <paramref name="timeout"/> passes.</summary>
    internal async Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            await _wake.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed without an enqueue.
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another enqueue woke the worker first.
            }
        }
    }

    private void Save(TransactionIntent intent)
    {
        intent.Updated = _time.GetUtcNow();
        _store.Save(intent);
    }

    /// <summary>Records a failed try: the error, and a backoff doubling up to the configured maximum.</summary>
    private void Defer(TransactionIntent intent, string error)
    {
        var now = _time.GetUtcNow();
        intent.Retries++;
        var delay = TimeSpan.FromMilliseconds(Math.Min(
            _options.MaxBackoff.TotalMilliseconds,
            _options.PollInterval.TotalMilliseconds * Math.Pow(2, Math.Min(intent.Retries - 1, 20))));
        intent.NextAttempt = now + delay;
        if (intent.LastError != error)
        {
            intent.Note(now, error);
            LogDeferred(_logger, intent.Key, error, delay);
        }

        intent.LastError = error;
        Save(intent);
    }

    private void Progress(TransactionIntent intent, IntentState state, string line)
    {
        var now = _time.GetUtcNow();
        intent.State = state;
        intent.LastError = null;
        intent.Retries = 0;
        intent.NextAttempt = now;
        intent.Note(now, line);
        Save(intent);
        LogProgress(_logger, intent.Key, state, line);
    }

    private static string Gwei(BigInteger wei) => Units(wei, 9) + " gwei";

    private static string Ether(BigInteger wei) => Units(wei, 18) + " ETH";

    /// <summary>Exact decimal text of <paramref name="wei"/> / 10^<paramref name="decimals"/>, for amounts of any size.</summary>
    private static string Units(BigInteger wei, int decimals)
    {
        var whole = BigInteger.DivRem(BigInteger.Abs(wei), BigInteger.Pow(10, decimals), out var fraction);
        var sign = wei.Sign < 0 ? "-" : string.Empty;
        var digits = fraction.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(decimals, '0').TrimEnd('0');
        return digits.Length == 0 ? $"{sign}{whole}" : $"{sign}{whole}.{digits}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox: recorded intent {Key} ({Kind} on {To})")]
    private static partial void LogEnqueued(ILogger logger, string key, string kind, string to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox: intent {Key} waits: {Error} (next try in {Delay})")]
    private static partial void LogDeferred(ILogger logger, string key, string error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox: intent {Key} is {State}: {Line}")]
    private static partial void LogProgress(ILogger logger, string key, IntentState state, string line);
}
