namespace Mine.Relay.Security;

/// <summary>
/// A connection <see cref="TlsHandshake"/> refused; already counted and logged by <see cref="TlsRefusals"/>, and
/// the connection's stream already closed. The caller drops the connection and goes on.
/// </summary>
public sealed class TlsRefusedException(TlsRefusalReason reason, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public TlsRefusalReason Reason { get; } = reason;
}
