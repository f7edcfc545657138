namespace Mine.Protocols.Pickle;

public enum PickleFrameStatus
{
    /// <summary>The buffer does not yet hold a whole frame; read more and try again.</summary>
    NeedMoreData,

    /// <summary>A whole frame is available.</summary>
    Complete,

    /// <summary>
    /// The length prefix exceeds <see cref="PickleFrameDecoder.MaxFrameBytes"/>. Fatal for the connection: the
    /// stream cannot be resynchronised, so close it (carbon does the same).
    /// </summary>
    FrameTooLarge,
}
