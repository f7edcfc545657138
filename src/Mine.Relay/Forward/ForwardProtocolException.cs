namespace Mine.Relay.Forward;

/// <summary>The peer broke the forward protocol (a damaged or unexpected frame). The side that sees it sends an
/// <see cref="ForwardFrameType.Error"/> frame with <see cref="Code"/> and closes; nothing unacknowledged is lost.</summary>
public sealed class ForwardProtocolException(ForwardErrorCode code, string message) : Exception(message)
{
    public ForwardErrorCode Code { get; } = code;
}
