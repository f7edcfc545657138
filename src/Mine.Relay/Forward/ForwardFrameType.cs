namespace Mine.Relay.Forward;

/// <summary>Frame types of forward protocol version 1 (docs/relay.md, "Frames").</summary>
internal enum ForwardFrameType : byte
{
    /// <summary>Client to receiver: a 16-byte chunk id, then the sealed chunk.</summary>
    Chunk = 1,

    /// <summary>Receiver to client: a chunk id, a <see cref="ForwardAckStatus"/> and a reason.</summary>
    Ack = 2,

    /// <summary>Both ways, empty: "still here", written when nothing else was for a heartbeat interval.</summary>
    Ping = 3,

    /// <summary>Both ways: a <see cref="ForwardErrorCode"/> and a reason; its sender closes the connection after it.</summary>
    Error = 4,
}
