namespace Mine.Protocols.Collectd;

/// <summary>
/// Why (part of) a collectd datagram was not used. Every reason except the two "ignored" ones and
/// <see cref="Truncated"/> ends processing of the rest of the datagram (or of the signed/encrypted payload it
/// happened in), exactly where network.c's parse_packet stops; value lists dispatched before stay dispatched.
/// </summary>
public enum CollectdRejectReason : byte
{
    None = 0,

    /// <summary>
    /// Bytes were left that do not form a part: a length below 4 or beyond the datagram, or 1–4 trailing bytes
    /// (collectd: "Received truncated packet, try increasing receive buffer size").
    /// </summary>
    Truncated,

    /// <summary>A string part without its trailing NUL, or with no body (length ≤ 4).</summary>
    MalformedString,

    /// <summary>A string longer than collectd's buffer: 128 bytes for identifiers, 256 for a message (NUL included).</summary>
    StringTooLong,

    /// <summary>A numeric part (TIME, INTERVAL, SEVERITY, …) with fewer than 12 bytes left.</summary>
    MalformedNumber,

    /// <summary>A VALUES part whose length is not 6 + 9n, or that does not fit.</summary>
    MalformedValues,

    /// <summary>A VALUES part with a data-source type code other than 0–3.</summary>
    UnknownDataSourceType,

    /// <summary>A SIGN_SHA256 part with an impossible length (no username, or beyond the datagram).</summary>
    MalformedSignature,

    /// <summary>An ENCR_AES256 part with an impossible length or username length.</summary>
    MalformedEncryption,

    /// <summary>The signing or encrypting user is not in the AuthFile.</summary>
    UnknownUser,

    /// <summary>The HMAC-SHA-256 does not match: nothing after the signature part is used.</summary>
    BadSignature,

    /// <summary>The SHA-1 of the decrypted payload does not match (wrong password or tampering).</summary>
    ChecksumMismatch,

    /// <summary>An encrypted part arrived but no AuthFile is configured (level None), so it cannot be decrypted.</summary>
    NoAuthFile,

    /// <summary>Plain parts at level Sign: ignored, skipped by length (not an error; counted once per payload).</summary>
    UnsignedAtSignLevel,

    /// <summary>Plain or merely signed parts at level Encrypt: ignored (counted once per payload).</summary>
    NotEncryptedAtEncryptLevel,

    /// <summary>Signed/encrypted parts nested deeper than any sender produces (collectd would recurse without bound).</summary>
    NestingTooDeep,

    /// <summary>A datagram longer than any UDP payload (65,535 bytes).</summary>
    Oversized,
}
