namespace Mine.Relay.Buffer;

/// <summary>
/// One destination's buffer at one moment, for the host to publish (mine_relay_* metrics, /health). Queued chunks
/// are sealed and not yet acknowledged, in flight included; staged chunks are still filling or waiting to be sealed.
/// The totals count since this process opened the buffer: points recovered from the folder at start count as
/// queued, not as buffered.
/// </summary>
public sealed record ChunkBufferStats
{
    public required string Destination { get; init; }

    public int ChunksQueued { get; init; }

    /// <summary>Queued chunks handed to the forward client and neither acknowledged nor released yet.</summary>
    public int ChunksInFlight { get; init; }

    /// <summary>Sealed (compressed) bytes of the queued chunks on disk.</summary>
    public long BytesQueued { get; init; }

    public long PointsQueued { get; init; }

    public int ChunksStaged { get; init; }

    /// <summary>Record bytes in staged files.</summary>
    public long BytesStaged { get; init; }

    public long PointsStaged { get; init; }

    /// <summary>Creation time of the oldest chunk not yet acknowledged (queued or staged); null when there is none.</summary>
    public DateTimeOffset? OldestUnacknowledged { get; init; }

    /// <summary>Points written to a staged file (mine_relay_points_buffered_total).</summary>
    public long PointsBuffered { get; init; }

    /// <summary>Points deleted by the drop-oldest overflow policy, or refused by it when nothing could be deleted.</summary>
    public long PointsDropped { get; init; }

    public long ChunksDropped { get; init; }

    /// <summary>Points of chunks the destination acknowledged.</summary>
    public long PointsAcknowledged { get; init; }

    /// <summary>Damaged files moved to <c>corrupt/</c> (at start or when a chunk was next to send).</summary>
    public long ChunksQuarantined { get; init; }

    /// <summary>Appends that had to wait for room under the block overflow policy.</summary>
    public long AppendsBlocked { get; init; }

    /// <summary>How long the oldest unacknowledged chunk has waited; zero when there is none.</summary>
    public TimeSpan OldestAge(DateTimeOffset now) =>
        OldestUnacknowledged is { } oldest && now > oldest ? now - oldest : TimeSpan.Zero;
}
