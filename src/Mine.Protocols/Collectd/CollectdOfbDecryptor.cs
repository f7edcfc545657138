using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Mine.Protocols.Collectd;

/// <summary>
/// AES-256-OFB decryption as collectd's network plugin does it (gcry_cipher_open(AES256, MODE_OFB), key =
/// SHA-256(password)). .NET has no OFB mode, but OFB's keystream is O1 = E(IV), Oi = E(Oi-1) — which is exactly
/// what CBC encryption produces from a zero IV over the plaintext [IV, 0, 0, …] (C1 = E(0 ⊕ IV) = E(IV),
/// Ci = E(Ci-1 ⊕ 0)). A per-user CBC encryptor with a zero IV is kept open, so each part costs one native update
/// call and a cheap reset: the one-shot EncryptCbc API builds and frees an OpenSSL context per call, which cost more
/// than the AES itself in profiles. One instance per parser (not thread-safe); the per-user encryptors are cached
/// until the AuthFile changes.
/// </summary>
internal sealed class CollectdOfbDecryptor : IDisposable
{
    private const int BlockSize = 16;

    private readonly byte[] _ivThenZeros = new byte[CollectdWire.MaxDatagramSize + BlockSize];
    private readonly byte[] _keystream = new byte[CollectdWire.MaxDatagramSize + BlockSize];
    private readonly Dictionary<CollectdUser, (Aes Aes, ICryptoTransform Encryptor)> _aesByUser = new(ReferenceEqualityComparer.Instance);
    private int _authGeneration = -1;

    /// <summary>Decrypts <paramref name="ciphertext"/> into <paramref name="plaintext"/> (same length; may be the same memory).</summary>
    public void Decrypt(CollectdUser user, int authGeneration, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext)
    {
        var encryptor = EncryptorFor(user, authGeneration);
        var blocks = (ciphertext.Length + BlockSize - 1) / BlockSize * BlockSize;
        iv[..BlockSize].CopyTo(_ivThenZeros); // the rest of the buffer is never written: it stays zero
        encryptor.TransformBlock(_ivThenZeros, 0, blocks, _keystream, 0);
        encryptor.TransformFinalBlock([], 0, 0); // back to the zero IV for the next part; the key schedule is kept
        Xor(ciphertext, _keystream.AsSpan(0, blocks), plaintext);
    }

    /// <summary>SHA-256 of the password: the AES-256 key (network_get_aes256_cypher).</summary>
    public static byte[] DeriveKey(ReadOnlySpan<byte> password) => SHA256.HashData(password);

    public void Dispose()
    {
        foreach (var (aes, encryptor) in _aesByUser.Values)
        {
            encryptor.Dispose();
            aes.Dispose();
        }

        _aesByUser.Clear();
    }

    private ICryptoTransform EncryptorFor(CollectdUser user, int authGeneration)
    {
        if (authGeneration != _authGeneration)
        {
            Dispose(); // the AuthFile was re-read: passwords may have changed
            _authGeneration = authGeneration;
        }

        if (!_aesByUser.TryGetValue(user, out var cached))
        {
            var aes = Aes.Create();
            aes.Key = DeriveKey(user.Password.Span);
            aes.Mode = CipherMode.CBC;
            aes.Padding = PaddingMode.None;
            cached = (aes, aes.CreateEncryptor(aes.Key, new byte[BlockSize]));
            _aesByUser.Add(user, cached);
        }

        return cached.Encryptor;
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
