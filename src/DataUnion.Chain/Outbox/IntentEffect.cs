using Nethereum.Hex.HexConvertors.Extensions;

namespace DataUnion.Chain.Outbox;

/// <summary>
/// How to recognise on chain that an intent has taken effect, without knowing which transaction
/// did it: a log of <see cref="Address"/> whose topics match <see cref="Topics"/> (null matches
/// any) and whose data holds every word of <see cref="DataWords"/>. The outbox looks for it
/// before it gives an intent a new nonce, so a call made by another transaction is never repeated.
/// </summary>
/// <param name="Address">The contract that emits the log.</param>
/// <param name="Topics">Topic filters, topic 0 (the event signature) first; null entries match anything.</param>
/// <param name="DataWords">32-byte words (0x-hex) that must appear in the log's data.</param>
public sealed record IntentEffect(string Address, IReadOnlyList<string?> Topics, IReadOnlyList<string> DataWords)
{
    /// <summary>True when <paramref name="data"/> (a log's data, 0x-hex) holds every expected word at a word boundary.</summary>
    public bool DataMatches(string? data)
    {
        var bytes = string.IsNullOrEmpty(data) ? [] : data.HexToByteArray();
        foreach (var word in DataWords)
        {
            var expected = word.HexToByteArray();
            var found = false;
            for (var offset = 0; offset + 32 <= bytes.Length && !found; offset += 32)
            {
                found = bytes.AsSpan(offset, 32).SequenceEqual(expected);
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }
}
