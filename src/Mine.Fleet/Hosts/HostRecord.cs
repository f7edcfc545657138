namespace Mine.Fleet;

/// <summary>Where Mine learnt about a host.</summary>
public enum HostSource
{
    /// <summary>collectd's network protocol: the value list's host field.</summary>
    Collectd,

    /// <summary>A Graphite path (plaintext or pickle), by the host-node rule.</summary>
    Graphite,
}

/// <summary>
/// What Mine knows about one host: its group, where its series live, when it first and last sent data, how often it
/// sends, and which plugins it sends. Updated by one or more ingest threads; read by the API.
/// </summary>
public sealed class HostRecord
{
    /// <summary>Gaps kept to estimate the sending interval (their median is the estimate).</summary>
    internal const int GapWindow = 8;

    /// <summary>Gaps needed before the estimate is trusted (one gap may be an outage or a backfill jump).</summary>
    internal const int MinGaps = 3;

    private readonly Lock _lock = new();
    private readonly HashSet<string> _plugins = new(StringComparer.Ordinal);
    private readonly int[] _gaps = new int[GapWindow];
    private int _gapCount;
    private int _gapNext;
    private long _firstSeen;
    private long _lastSeen;
    private double _interval;
    private string[] _pluginList = [];
    private bool _freshSinceStart;

    public HostRecord(string name, string group, string seriesRoot, HostSource source, long firstSeen, bool tentative = false)
    {
        Name = name;
        Group = group;
        SeriesRoot = seriesRoot;
        Source = source;
        Tentative = tentative;
        _firstSeen = firstSeen;
        _lastSeen = firstSeen;
    }

    public string Name { get; }

    /// <summary>Group by the grouping rules (fixed when the host is first seen in this process).</summary>
    public string Group { get; }

    /// <summary>The Graphite path of the host's series: <c>web-017</c> (collectd, write_graphite naming) or
    /// <c>servers.web-017</c> (a Graphite path by the host-node rule). Its series are <c>SeriesRoot.*</c>.</summary>
    public string SeriesRoot { get; }

    public HostSource Source { get; }

    /// <summary>A Graphite host named by the first node of its paths before any path showed where its namespace puts
    /// the host: removed if the namespace turns out to be a prefix (<c>servers</c> of <c>servers.web-001.…</c>),
    /// confirmed otherwise (docs/ui.md, "How a host is found").</summary>
    public bool Tentative { get; private set; }

    /// <summary>Unix seconds of the oldest point seen from the host.</summary>
    public long FirstSeen => Volatile.Read(ref _firstSeen);

    /// <summary>Unix seconds of the newest point seen from the host (never later than the clock when it arrived).</summary>
    public long LastSeen => Volatile.Read(ref _lastSeen);

    /// <summary>Observed sending interval in seconds: the median of the last 8 gaps between new timestamps, once 3 are
    /// known; 0 = not known yet.</summary>
    public double Interval
    {
        get
        {
            lock (_lock)
            {
                return _interval;
            }
        }
    }

    public IReadOnlyList<string> Plugins => Volatile.Read(ref _pluginList);

    /// <summary>Whether the host sent this process a point that was fresh when it came (not a backfill of a host long
    /// silent, nor a snapshot restored at the start). Such a host alerts when it goes stale, even when it fell silent
    /// before any evaluation saw it fresh.</summary>
    public bool FreshSinceStart => Volatile.Read(ref _freshSinceStart);

    /// <summary>Records a point time; returns whether it moved last-seen forward.</summary>
    public bool Observe(long seconds)
    {
        if (seconds <= Volatile.Read(ref _lastSeen) && seconds >= Volatile.Read(ref _firstSeen))
        {
            return false;
        }

        lock (_lock)
        {
            if (seconds < _firstSeen)
            {
                Volatile.Write(ref _firstSeen, seconds);
            }

            if (seconds <= _lastSeen)
            {
                return false;
            }

            var gap = seconds - _lastSeen;
            Volatile.Write(ref _lastSeen, seconds);
            _gaps[_gapNext] = (int)Math.Min(gap, int.MaxValue);
            _gapNext = (_gapNext + 1) % GapWindow;
            _gapCount = Math.Min(_gapCount + 1, GapWindow);
            if (_gapCount >= MinGaps)
            {
                _interval = Median(_gaps.AsSpan(0, _gapCount));
            }

            return true;
        }
    }

    public void AddPlugin(string plugin)
    {
        if (plugin.Length == 0 || Array.IndexOf(Volatile.Read(ref _pluginList), plugin) >= 0)
        {
            return;
        }

        lock (_lock)
        {
            if (_plugins.Add(plugin))
            {
                Volatile.Write(ref _pluginList, _plugins.Order(StringComparer.Ordinal).ToArray());
            }
        }
    }

    internal void MarkFreshSinceStart() => Volatile.Write(ref _freshSinceStart, true);

    /// <summary>The host's name is final: its namespace's layout is known.</summary>
    internal void Confirm() => Tentative = false;

    /// <summary>Restores last-seen and the interval saved in a snapshot (no gap is counted).</summary>
    internal void Restore(long lastSeen, double interval)
    {
        lock (_lock)
        {
            Volatile.Write(ref _lastSeen, Math.Max(_lastSeen, lastSeen));
            _interval = Math.Max(0, interval);
        }
    }

    private static double Median(ReadOnlySpan<int> gaps)
    {
        Span<int> sorted = stackalloc int[gaps.Length];
        gaps.CopyTo(sorted);
        sorted.Sort();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + (double)sorted[mid]) / 2;
    }
}
