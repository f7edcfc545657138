using Mine.Relay.Chunks;

namespace Mine.Relay.Buffer;

/// <summary>Limits and timings of the disk buffer (docs/relay.md, "Disk buffer").</summary>
public sealed record ChunkBufferOptions
{
    /// <summary>8 MiB of records: about 160,000 collectd points, about 1 MiB sealed.</summary>
    public const int DefaultChunkLimitBytes = 8 * 1024 * 1024;

    public const long DefaultTotalLimitBytes = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// A staged chunk is sealed once its records reach this many bytes (Fluentd's chunk_limit_size, counted before
    /// compression). Soft: a single record longer than the limit still goes whole into a chunk of its own. At most
    /// <see cref="ChunkPayload.MaxRecordBytes"/>; a chunk is also sealed at <see cref="ChunkPayload.MaxPoints"/> points.
    /// </summary>
    public int ChunkLimitBytes { get; init; } = DefaultChunkLimitBytes;

    /// <summary>
    /// A staged chunk older than this is sealed at the next <see cref="ChunkBuffer.SealDue"/> (Fluentd's
    /// flush_interval): the latency a point adds when the destination keeps up.
    /// </summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// While the destination has sealed chunks waiting unsent, sealing early would not send anything sooner, only
    /// make more, smaller chunks (a week's outage at one chunk a second is 600,000 files and index entries). Then a
    /// staged chunk is sealed at this age instead, or when full. Staged files are still fsynced every
    /// <see cref="FlushInterval"/>.
    /// </summary>
    public TimeSpan BacklogFlushInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Bytes on disk (staged records plus sealed chunks) across every destination (<c>--buffer-limit</c>).</summary>
    public long TotalLimitBytes { get; init; } = DefaultTotalLimitBytes;

    /// <summary>What an append does when <see cref="TotalLimitBytes"/> is reached (<c>--buffer-overflow</c>).</summary>
    public BufferOverflow Overflow { get; init; } = BufferOverflow.Block;

    /// <summary>Shortest time between two log lines about dropped chunks of one destination.</summary>
    public TimeSpan DropLogInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Test hook called with <see cref="SealWritePoint"/> before a sealed chunk file is written; a test throws an
    /// <see cref="IOException"/> from it to play a full or failing disk. Null in production.
    /// </summary>
    internal Action<string>? FaultInjection { get; init; }

    internal const string SealWritePoint = "buffer.seal.write";

    internal void Validate(int destinations)
    {
        if (ChunkLimitBytes < 1 || ChunkLimitBytes > ChunkPayload.MaxRecordBytes)
        {
            throw new ArgumentException($"The chunk limit is 1 to {ChunkPayload.MaxRecordBytes} record bytes, not {ChunkLimitBytes}.");
        }

        if (FlushInterval <= TimeSpan.Zero || BacklogFlushInterval < FlushInterval)
        {
            throw new ArgumentException($"The flush interval must be positive ({FlushInterval}) and the backlog flush interval at least as long ({BacklogFlushInterval}).");
        }

        // Staged chunks can be neither sent nor dropped; if they alone could fill the buffer, a blocked append would
        // wait for room nobody can free.
        var least = 2L * ChunkLimitBytes * Math.Max(1, destinations);
        if (TotalLimitBytes < least)
        {
            throw new ArgumentException($"The buffer limit ({TotalLimitBytes} bytes) must be at least twice the chunk limit per destination ({least} bytes for {destinations} destinations).");
        }
    }
}
