namespace Mine.Relay.Buffer;

/// <summary>What an append does when the buffer's total size limit is reached (<c>--buffer-overflow</c>).</summary>
public enum BufferOverflow
{
    /// <summary>
    /// The append waits (asynchronously) until an acknowledgement frees room. Nothing is lost; the listener stops
    /// reading its connection, so TCP pushes back on the sender. A destination that stays down long enough to fill
    /// the buffer therefore stalls input for every destination.
    /// </summary>
    Block,

    /// <summary>
    /// The oldest queued chunk of the destination holding the most queued bytes is deleted, its points counted as
    /// dropped and logged (rate-limited). Input never waits; the newest data wins.
    /// </summary>
    DropOldest,
}
