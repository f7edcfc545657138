namespace Mine.Relay.Forward;

/// <summary>Why a side sends an <see cref="ForwardFrameType.Error"/> frame before closing (docs/relay.md).</summary>
public enum ForwardErrorCode : ushort
{
    /// <summary>A frame that breaks the protocol: bad CRC, unknown type, wrong direction or size.</summary>
    ProtocolError = 1,

    /// <summary>A frame longer than the limit announced in the hello.</summary>
    FrameTooLarge = 2,

    /// <summary>The receiver is stopping; connect again later.</summary>
    ShuttingDown = 3,

    /// <summary>Nothing arrived for the receive timeout.</summary>
    Timeout = 4,
}
