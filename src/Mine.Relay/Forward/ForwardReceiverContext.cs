using Mine.Core.Diagnostics;

namespace Mine.Relay.Forward;

/// <summary>What every connection of one listener shares: where chunks go, the dedup window, the options, the
/// counters, the log and its throttles.</summary>
public sealed class ForwardReceiverContext
{
    public ForwardReceiverContext(IForwardedChunkStore store, DedupWindow dedup, ForwardReceiverOptions? options = null, ForwardLog? log = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(dedup);
        Store = store;
        Dedup = dedup;
        Options = options ?? ForwardReceiverOptions.Default;
        Options.Validate();
        Log = log ?? ((_, _) => { });
    }

    public IForwardedChunkStore Store { get; }

    public DedupWindow Dedup { get; }

    public ForwardReceiverOptions Options { get; }

    public ForwardLog Log { get; }

    public ForwardReceiverCounters Counters { get; } = new();

    /// <summary>Refused connections: anyone can open one, so at most a line per 10 s.</summary>
    internal LogThrottle RefusedLog { get; } = new(TimeSpan.FromSeconds(10));

    /// <summary>Connections ended by a client's protocol error or a timeout.</summary>
    internal LogThrottle ConnectionLog { get; } = new(TimeSpan.FromSeconds(10));

    /// <summary>Damaged chunks and failed stores: a line each would be one per chunk while a disk is full.</summary>
    internal LogThrottle ChunkLog { get; } = new(TimeSpan.FromSeconds(5));

    internal void LogThrottled(LogThrottle throttle, ForwardLogLevel level, string message)
    {
        if (throttle.ShouldLog(out var suppressed))
        {
            Log(level, suppressed > 0 ? $"{message} ({suppressed} more such lines held back)" : message);
        }
    }
}
