using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace DataUnion.Testing;

/// <summary>
/// Deterministic test bytes as kubo's test utilities make them: the ChaCha20 keystream
/// (RFC 8439) with key = sha256(seed), a zero 96-bit nonce and block counter 0.
/// </summary>
public static class DeterministicBytes
{
    public static byte[] Generate(string seed, int length)
    {
        var output = new byte[length];
        Fill(seed, output);
        return output;
    }

    public static void Fill(string seed, Span<byte> output)
    {
        var key = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        Span<uint> state = stackalloc uint[16];
        Span<uint> working = stackalloc uint[16];
        Span<byte> block = stackalloc byte[64];
        state[0] = 0x61707865;
        state[1] = 0x3320646e;
        state[2] = 0x79622d32;
        state[3] = 0x6b206574;
        for (var i = 0; i < 8; i++)
        {
            state[4 + i] = BinaryPrimitives.ReadUInt32LittleEndian(key.AsSpan(4 * i));
        }

        uint counter = 0;
        for (var offset = 0; offset < output.Length; offset += 64)
        {
            state[12] = counter++;
            state[13] = state[14] = state[15] = 0;
            state.CopyTo(working);
            for (var round = 0; round < 10; round++)
            {
                QuarterRound(working, 0, 4, 8, 12);
                QuarterRound(working, 1, 5, 9, 13);
                QuarterRound(working, 2, 6, 10, 14);
                QuarterRound(working, 3, 7, 11, 15);
                QuarterRound(working, 0, 5, 10, 15);
                QuarterRound(working, 1, 6, 11, 12);
                QuarterRound(working, 2, 7, 8, 13);
                QuarterRound(working, 3, 4, 9, 14);
            }

            for (var i = 0; i < 16; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(block[(4 * i)..], working[i] + state[i]);
            }

            block[..Math.Min(64, output.Length - offset)].CopyTo(output[offset..]);
        }
    }

    private static void QuarterRound(Span<uint> x, int a, int b, int c, int d)
    {
        x[a] += x[b]; x[d] = BitOperations.RotateLeft(x[d] ^ x[a], 16);
        x[c] += x[d]; x[b] = BitOperations.RotateLeft(x[b] ^ x[c], 12);
        x[a] += x[b]; x[d] = BitOperations.RotateLeft(x[d] ^ x[a], 8);
        x[c] += x[d]; x[b] = BitOperations.RotateLeft(x[b] ^ x[c], 7);
    }
}
