using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Mine.Protocols.Collectd;

/// <summary>SIGN_SHA256 and ENCR_AES256 parts, mirroring network.c's parse_part_sign_sha256 / parse_part_encr_aes256.</summary>
public sealed partial class CollectdPacketParser
{
    /// <summary>
    /// <paramref name="part"/> runs from the signature part to the end of the (logical) buffer: the MAC covers
    /// username ‖ everything after it. Without an AuthFile the part is skipped and parsing goes on unverified in
    /// the same state; otherwise the rest of the buffer is either parsed as a signed payload or dropped.
    /// </summary>
    private CollectdRejectReason ParseSigned<TReceiver>(
        ReadOnlySpan<byte> part, int offsetInDatagram, CollectdSecurity security, int depth, TReceiver receiver,
        ref CollectdRejectReason outcome, out int consumed)
        where TReceiver : ICollectdReceiver
    {
        consumed = part.Length;
        int length = BinaryPrimitives.ReadUInt16BigEndian(part[2..]);
        if (part.Length <= CollectdWire.SignatureHeaderSize || length <= CollectdWire.SignatureHeaderSize || length > part.Length)
        {
            return CollectdRejectReason.MalformedSignature; // "HMAC-SHA-256 with invalid length received."
        }

        if (_authFile is null)
        {
            // "Received signed network packet but can't verify it because no user DB has been configured. Will
            // accept it." The rest is parsed as part of the same (unsigned) packet.
            Counters.UnverifiedSignatures++;
            consumed = length;
            return CollectdRejectReason.None;
        }

        var usernameBytes = part[CollectdWire.SignatureHeaderSize..length];
        var username = CString(usernameBytes);
        if (!_authFile.TryGetUser(username, out var user))
        {
            return CollectdRejectReason.UnknownUser;
        }

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(user.Password.Span, part[CollectdWire.SignatureHeaderSize..], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, part.Slice(CollectdWire.HeaderSize, HMACSHA256.HashSizeInBytes)))
        {
            // collectd only warns and returns success having consumed everything: the rest is silently dropped.
            Reject(CollectdRejectReason.BadSignature, ref outcome);
            return CollectdRejectReason.None;
        }

        if (depth >= MaxNestingDepth)
        {
            return CollectdRejectReason.NestingTooDeep;
        }

        Counters.SignedPayloads++;
        ParsePayload(part[length..], offsetInDatagram + length, security | CollectdSecurity.Signed, username, depth + 1, receiver, ref outcome);
        return CollectdRejectReason.None;
    }

    /// <summary>
    /// Decrypts the part into <see cref="_plaintext"/> at its own datagram offset, checks the SHA-1 and parses the
    /// payload with fresh state; the caller then continues after the part.
    /// </summary>
    private CollectdRejectReason ParseEncrypted<TReceiver>(
        ReadOnlySpan<byte> part, int offsetInDatagram, CollectdSecurity security, int depth, TReceiver receiver,
        ref CollectdRejectReason outcome)
        where TReceiver : ICollectdReceiver
    {
        int length = BinaryPrimitives.ReadUInt16BigEndian(part[2..]);
        if (part.Length <= CollectdWire.EncryptionHeaderSize || length <= CollectdWire.EncryptionHeaderSize || length > part.Length)
        {
            return CollectdRejectReason.MalformedEncryption; // "Discarding part with invalid size."
        }

        int usernameLength = BinaryPrimitives.ReadUInt16BigEndian(part[4..]);
        if (usernameLength == 0 || usernameLength > length - (CollectdWire.EncryptionHeaderSize + 1))
        {
            return CollectdRejectReason.MalformedEncryption; // "Discarding part with invalid username length."
        }

        if (_authFile is null)
        {
            return CollectdRejectReason.NoAuthFile; // network_get_aes256_cypher finds no user DB
        }

        var username = CString(part.Slice(6, usernameLength));
        if (!_authFile.TryGetUser(username, out var user))
        {
            return CollectdRejectReason.UnknownUser;
        }

        if (depth >= MaxNestingDepth)
        {
            return CollectdRejectReason.NestingTooDeep;
        }

        var ivStart = 6 + usernameLength;
        var cipherStart = ivStart + CollectdWire.IvSize;
        var plaintext = _plaintext.AsSpan(offsetInDatagram + cipherStart, length - cipherStart);
        _decryptor.Decrypt(user, _authFile.Generation, part.Slice(ivStart, CollectdWire.IvSize), part[cipherStart..length], plaintext);

        var payload = plaintext[CollectdWire.Sha1Size..];
        Span<byte> checksum = stackalloc byte[CollectdWire.Sha1Size];
#pragma warning disable CA5350 // SHA-1 is what the wire protocol carries; it is an integrity check under AES, not our choice
        SHA1.HashData(payload, checksum);
#pragma warning restore CA5350
        if (!checksum.SequenceEqual(plaintext[..CollectdWire.Sha1Size]))
        {
            return CollectdRejectReason.ChecksumMismatch; // wrong password or tampering; the rest is dropped
        }

        Counters.EncryptedPayloads++;
        var payloadOffset = offsetInDatagram + cipherStart + CollectdWire.Sha1Size;
        ParsePayload(_plaintext.AsSpan(payloadOffset, payload.Length), payloadOffset, security | CollectdSecurity.Encrypted, username, depth + 1, receiver, ref outcome);
        return CollectdRejectReason.None;
    }

    /// <summary>collectd copies usernames into C strings: an embedded NUL ends the name used for the lookup.</summary>
    private static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> bytes)
    {
        var nul = bytes.IndexOf((byte)0);
        return nul >= 0 ? bytes[..nul] : bytes;
    }
}
