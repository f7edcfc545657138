namespace Mine.Relay.Forward;

/// <summary>The hello exchange failed: the peer speaks another protocol or version, or went quiet or away.</summary>
public sealed class ForwardHandshakeException(ForwardRefusal reason, string message) : Exception(message)
{
    public ForwardRefusal Reason { get; } = reason;
}
