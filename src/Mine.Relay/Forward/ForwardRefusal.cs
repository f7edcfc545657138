namespace Mine.Relay.Forward;

/// <summary>Why a receiver turned a connection away before any chunk (a counter per reason).</summary>
public enum ForwardRefusal
{
    /// <summary>The listener already held its maximum of connections.</summary>
    ListenerFull,

    /// <summary>The first bytes were not a forward hello: a carbon line, a pickle frame, HTTP, TLS, noise.</summary>
    NotForwardProtocol,

    /// <summary>A hello, but no protocol version in common.</summary>
    VersionMismatch,

    /// <summary>The hello (and the TLS handshake before it) did not arrive within the handshake timeout.</summary>
    HandshakeTimeout,

    /// <summary>The connection closed before a whole hello.</summary>
    ClosedEarly,

    /// <summary>The stream wrapper (the TLS handshake) failed.</summary>
    TransportFailed,
}
