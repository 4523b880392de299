using Nethereum.Accounts.Bip32;

namespace DataUnion.Chain.Wallets;

/// <summary>
/// BIP-39 validation, which Nethereum's <see cref="MinimalHDWallet"/> does not do: it derives a
/// key from any phrase, so a mistyped word would silently import another account. The English
/// word list is read back from Nethereum's own encoder (entropy whose first 11 bits are i starts
/// with word i), so no copy of the list lives here.
/// </summary>
internal static class MnemonicCheck
{
    private static readonly Lazy<Dictionary<string, int>> WordIndex = new(() =>
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < 2048; i++)
        {
            var entropy = new byte[16];
            entropy[0] = (byte)(i >> 3);
            entropy[1] = (byte)((i & 7) << 5);
            index[Bip39.EntropyToMnemonic(entropy).Split(' ')[0]] = i;
        }

        return index;
    });

    /// <summary>What is wrong with <paramref name="words"/>, or null when it is a valid English BIP-39 mnemonic.</summary>
    /// <remarks>Messages name word positions, never the words: they are part of a secret.</remarks>
    public static string? Problem(IReadOnlyList<string> words)
    {
        if (words.Count is not (12 or 15 or 18 or 21 or 24))
        {
            return $"a BIP-39 mnemonic has 12, 15, 18, 21 or 24 words; this one has {words.Count}";
        }

        var bits = new bool[words.Count * 11];
        for (var w = 0; w < words.Count; w++)
        {
            if (!WordIndex.Value.TryGetValue(words[w], out var value))
            {
                return $"word {w + 1} is not in the BIP-39 English word list";
            }

            for (var b = 0; b < 11; b++)
            {
                bits[(w * 11) + b] = ((value >> (10 - b)) & 1) == 1;
            }
        }

        var entropy = new byte[words.Count * 11 * 32 / 33 / 8];
        for (var i = 0; i < entropy.Length * 8; i++)
        {
            if (bits[i])
            {
                entropy[i / 8] |= (byte)(0x80 >> (i % 8));
            }
        }

        return Bip39.EntropyToMnemonic(entropy) == string.Join(' ', words)
            ? null
            : "the mnemonic's checksum does not match: a word is wrong or out of order";
    }
}
