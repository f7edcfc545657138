using Mine.Core.Health;

namespace Mine.Hosting;

/// <summary>How much a loop's trouble matters to the whole process.</summary>
public enum LoopImportance
{
    /// <summary>Mine works without it for a while (fleet snapshot, landmines, self-metrics): failing shows on
    /// /health as a line, dead or stalled turns /health 503.</summary>
    Auxiliary,

    /// <summary>Without it Mine is deaf or loses data (ingest writer, listeners, storage): failing turns /health
    /// 503 ("degraded"), dead makes the process exit non-zero so its service manager starts it again.</summary>
    Critical,
}

/// <summary>
/// Every background loop of the process with its <see cref="LoopHealth"/>, read by /health and /_internal/metrics.
/// Loops register once when they are built; storage's own threads are registered from <c>IStorageStatus.Loops</c>.
/// </summary>
public sealed class LoopRegistry
{
    private readonly object _lock = new();
    private readonly List<(LoopHealth Health, LoopImportance Importance)> _loops = [];
    private volatile string? _fatal;

    /// <summary>Why the process gave up (a critical loop died); null while it runs normally.</summary>
    public string? FatalReason => _fatal;

    /// <summary>Adds a loop; a name registered twice keeps its first entry (a listener built twice in tests).</summary>
    public LoopHealth Register(LoopHealth health, LoopImportance importance)
    {
        ArgumentNullException.ThrowIfNull(health);
        lock (_lock)
        {
            if (!_loops.Exists(l => ReferenceEquals(l.Health, health)))
            {
                _loops.Add((health, importance));
            }
        }

        return health;
    }

    /// <summary>Every loop's state now, in registration order.</summary>
    public IReadOnlyList<(LoopHealthSnapshot Snapshot, LoopImportance Importance)> Snapshots()
    {
        lock (_lock)
        {
            return _loops.Select(static l => (l.Health.Snapshot(), l.Importance)).ToList();
        }
    }

    internal void SetFatal(string reason) => _fatal ??= reason;
}
