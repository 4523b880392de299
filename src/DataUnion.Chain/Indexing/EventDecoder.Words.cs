using System.Numerics;
using DataUnion.Chain.Rpc;

namespace DataUnion.Chain.Indexing;

public sealed partial class EventDecoder
{
    /// <summary>A log's topics and data as 32-byte ABI words, each read with its type's range checked.</summary>
    private readonly struct Words
    {
        private readonly IReadOnlyList<string> _topics;
        private readonly byte[] _data;

        public Words(ChainLog log)
        {
            _topics = log.Topics;
            var hex = log.Data.AsSpan();
            if (hex.StartsWith("0x"))
            {
                hex = hex[2..];
            }

            try
            {
                _data = Convert.FromHexString(hex);
            }
            catch (FormatException)
            {
                throw new FormatException("the data is not hex");
            }
        }

        public void Expect(int topics, int words)
        {
            ExpectTopics(topics);
            if (_data.Length != words * 32)
            {
                throw new FormatException($"{_data.Length} bytes of data, expected {words * 32}");
            }
        }

        public void ExpectAtLeast(int topics, int words)
        {
            ExpectTopics(topics);
            if (_data.Length < words * 32 || _data.Length % 32 != 0)
            {
                throw new FormatException($"{_data.Length} bytes of data, expected whole 32-byte words and at least {words * 32}");
            }
        }

        public BigInteger TopicUint(int index, int bits = 256) => Uint(Topic(index), bits, $"topic {index}");

        public string TopicAddress(int index) => Address(Topic(index), $"topic {index}");

        public string TopicHex(int index) => "0x" + Convert.ToHexStringLower(Topic(index));

        public BigInteger DataUint(int word, int bits = 256) => Uint(Word(word), bits, $"data word {word}");

        public string DataAddress(int word) => Address(Word(word), $"data word {word}");

        public string DataHex(int word) => "0x" + Convert.ToHexStringLower(Word(word));

        /// <summary>A <c>bytes</c> value: its offset must point right after the static words, and its length and zero padding must fill the data exactly.</summary>
        public string DynamicBytes(int offsetWord, int staticWords)
        {
            var offset = DataUint(offsetWord, bits: 32);
            if (offset != staticWords * 32)
            {
                throw new FormatException($"the bytes offset is {offset}, expected {staticWords * 32}");
            }

            var length = (int)DataUint(staticWords, bits: 24);
            var start = (staticWords + 1) * 32;
            var padded = (length + 31) / 32 * 32;
            if (_data.Length != start + padded)
            {
                throw new FormatException($"{_data.Length} bytes of data for {length} bytes of content, expected {start + padded}");
            }

            if (_data.AsSpan(start + length, padded - length).ContainsAnyExcept((byte)0))
            {
                throw new FormatException("the bytes value has non-zero padding");
            }

            return "0x" + Convert.ToHexStringLower(_data.AsSpan(start, length));
        }

        private void ExpectTopics(int count)
        {
            if (_topics.Count != count)
            {
                throw new FormatException($"{_topics.Count} topics, expected {count}");
            }
        }

        private byte[] Topic(int index)
        {
            var text = _topics[index] ?? string.Empty;
            if (text.Length != 66 || !text.StartsWith("0x", StringComparison.Ordinal))
            {
                throw new FormatException($"topic {index} is not a 32-byte word");
            }

            try
            {
                return Convert.FromHexString(text.AsSpan(2));
            }
            catch (FormatException)
            {
                throw new FormatException($"topic {index} is not hex");
            }
        }

        private ReadOnlySpan<byte> Word(int index) => _data.AsSpan(index * 32, 32);

        private static BigInteger Uint(ReadOnlySpan<byte> word, int bits, string what)
        {
            if (bits < 256 && word[..(32 - (bits / 8))].ContainsAnyExcept((byte)0))
            {
                throw new FormatException($"{what} does not fit in uint{bits}");
            }

            return new BigInteger(word, isUnsigned: true, isBigEndian: true);
        }

        private static string Address(ReadOnlySpan<byte> word, string what) =>
            word[..12].ContainsAnyExcept((byte)0)
                ? throw new FormatException($"{what} is not an address (its first 12 bytes are not zero)")
                : "0x" + Convert.ToHexStringLower(word[12..]);
    }
}
