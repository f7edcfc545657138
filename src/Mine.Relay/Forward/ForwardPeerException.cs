namespace Mine.Relay.Forward;

/// <summary>The peer said it cannot go on: it sent an <see cref="ForwardFrameType.Error"/> frame, or (to a client)
/// acknowledged a chunk as <see cref="ForwardAckStatus.Failed"/>. The message is the peer's reason.</summary>
public sealed class ForwardPeerException(string message) : Exception(message);
