using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Mine.Protocols.Collectd;

/// <summary>
/// AES-256-OFB decryption as collectd's network plugin does it (gcry_cipher_open(AES256, MODE_OFB), key =
/// SHA-256(password)). .NET has no OFB mode, but OFB's keystream is O1 = E(IV), Oi = E(Oi-1) — which is exactly
/// what CBC encryption of an all-zero plaintext produces (Ci = E(Ci-1 ⊕ 0), C0 = IV). So one
/// <see cref="SymmetricAlgorithm.EncryptCbc(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, PaddingMode)"/>
/// call yields the keystream for a whole part at native AES speed, then it is XORed in. One instance per parser
/// (not thread-safe); the per-user AES objects (key schedule done once) are cached until the AuthFile changes.
/// </summary>
internal sealed class CollectdOfbDecryptor : IDisposable
{
    private const int BlockSize = 16;

    private readonly byte[] _zeros = new byte[CollectdWire.MaxDatagramSize + BlockSize];
    private readonly byte[] _keystream = new byte[CollectdWire.MaxDatagramSize + BlockSize];
    private readonly Dictionary<CollectdUser, Aes> _aesByUser = new(ReferenceEqualityComparer.Instance);
    private int _authGeneration = -1;

    /// <summary>Decrypts <paramref name="ciphertext"/> into <paramref name="plaintext"/> (same length; may be the same memory).</summary>
    public void Decrypt(CollectdUser user, int authGeneration, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext)
    {
        var aes = AesFor(user, authGeneration);
        var blocks = (ciphertext.Length + BlockSize - 1) / BlockSize * BlockSize;
        var keystream = _keystream.AsSpan(0, blocks);
        aes.EncryptCbc(_zeros.AsSpan(0, blocks), iv, keystream, PaddingMode.None);
        Xor(ciphertext, keystream, plaintext);
    }

    /// <summary>SHA-256 of the password: the AES-256 key (network_get_aes256_cypher).</summary>
    public static byte[] DeriveKey(ReadOnlySpan<byte> password) => SHA256.HashData(password);

    public void Dispose()
    {
        foreach (var aes in _aesByUser.Values)
        {
            aes.Dispose();
        }

        _aesByUser.Clear();
    }

    private Aes AesFor(CollectdUser user, int authGeneration)
    {
        if (authGeneration != _authGeneration)
        {
            Dispose(); // the AuthFile was re-read: passwords may have changed
            _authGeneration = authGeneration;
        }

        if (!_aesByUser.TryGetValue(user, out var aes))
        {
            aes = Aes.Create();
            aes.Key = DeriveKey(user.Password.Span);
            _aesByUser.Add(user, aes);
        }

        return aes;
    }

    /// <summary>destination = source ⊕ keystream, forward only, so in-place (source == destination) is safe.</summary>
    private static void Xor(ReadOnlySpan<byte> source, ReadOnlySpan<byte> keystream, Span<byte> destination)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<byte>.Count;
            for (; i + width <= source.Length; i += width)
            {
                (new Vector<byte>(source[i..]) ^ new Vector<byte>(keystream[i..])).CopyTo(destination[i..]);
            }
        }

        for (; i + 8 <= source.Length; i += 8)
        {
            var value = MemoryMarshal.Read<ulong>(source[i..]) ^ MemoryMarshal.Read<ulong>(keystream[i..]);
            MemoryMarshal.Write(destination[i..], in value);
        }

        for (; i < source.Length; i++)
        {
            destination[i] = (byte)(source[i] ^ keystream[i]);
        }
    }
}
