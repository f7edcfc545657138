using Mine.Relay.Chunks;
using ZstdSharp;

namespace Mine.Relay.Forward;

/// <summary>A forward receiver's limits and timeouts (docs/relay.md, "Forward protocol").</summary>
public sealed record ForwardReceiverOptions
{
    /// <summary>The largest chunk frame a relay can make: a chunk id, the header and zstd's bound of the largest
    /// record stream (about 64.3 MiB). The default limit, so that no valid chunk is ever too large.</summary>
    public static readonly int LargestChunkFrame = ChunkId.Size + ChunkPayload.HeaderSize + Compressor.GetCompressBound(ChunkPayload.MaxRecordBytes);

    /// <summary>The largest frame payload accepted (announced in the hello; a client rejects larger chunks).</summary>
    public int MaxFramePayload { get; init; } = LargestChunkFrame;

    /// <summary>The stream wrapper (the TLS handshake) and the client's hello must be done within this.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A PING is written when nothing else was for this long.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The connection is closed when no byte arrived for this long while the receiver waited to read.</summary>
    public TimeSpan ReceiveTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a stopping listener lets stores under way finish (so that their ids are recorded and the
    /// chunks' resends answered as duplicates) before it cancels them. A store cancelled after storage took its
    /// points would leave them stored and the id unknown: the resend would be stored a second time.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Applied to each accepted stream (and the client's address, for its log lines) before the hello: the
    /// host's TLS, <c>(stream, peer, ct) =&gt; handshake.AuthenticateServerAsync(stream, peer, ct)</c>. It closes and
    /// logs what it refuses; the receiver only counts that (<see cref="ForwardRefusal.TransportFailed"/>, a debug
    /// line). Null: the stream is used as it is.</summary>
    public Func<Stream, string, CancellationToken, ValueTask<Stream>>? WrapStream { get; init; }

    public static ForwardReceiverOptions Default { get; } = new();

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFramePayload, 1024, nameof(MaxFramePayload));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HeartbeatInterval, TimeSpan.Zero, nameof(HeartbeatInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(StopGrace, TimeSpan.Zero, nameof(StopGrace));
        if (ReceiveTimeout <= HeartbeatInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(ReceiveTimeout), ReceiveTimeout, $"the receive timeout must be longer than the heartbeat interval ({HeartbeatInterval}), or a quiet healthy link would time out");
        }
    }
}
