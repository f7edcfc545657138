namespace Mine.Relay.Security;

/// <summary>
/// Why a TLS connection was refused, one counter each in <see cref="TlsRefusals"/> (docs/relay.md, Mutual TLS).
/// </summary>
public enum TlsRefusalReason
{
    /// <summary>The peer did not start a TLS handshake: plaintext (a carbon line on the wrong port), or nothing at all
    /// before the handshake timeout.</summary>
    NotTls,

    /// <summary>The peer spoke TLS but presented no certificate.</summary>
    NoCertificate,

    /// <summary>The peer's certificate does not lead to the CA given with <c>--tls-ca</c> (another CA, self-signed,
    /// or a broken signature).</summary>
    UnknownCa,

    /// <summary>The peer's certificate (or the CA's) is outside its validity period: expired, or not yet valid.</summary>
    Expired,

    /// <summary>The server's certificate does not name the host the client connected to (checked by clients only).</summary>
    NameMismatch,

    /// <summary>The certificate is signed by the CA but not fit for the role: its extended key usage lacks
    /// serverAuth or clientAuth, or the chain is otherwise invalid.</summary>
    BadCertificate,

    /// <summary>A TLS handshake that failed for another reason: no common protocol version (TLS 1.2 or 1.3) or cipher,
    /// the peer refused our certificate or closed, or the handshake did not finish before the timeout.</summary>
    HandshakeFailed,
}
