namespace Mine.Relay.Buffer;

/// <summary>
/// Log lines about points the drop-oldest policy gave up, at most one per destination per interval: a full buffer
/// drops a chunk per append, and a line for each would bury everything else in the log. Nothing dropped goes
/// unreported: what happened since the last line is summed into the next one.
/// </summary>
internal sealed class DropReport(TimeProvider time, TimeSpan interval, Action<string> log)
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    /// <summary>A queued chunk of <paramref name="key"/> was deleted to make room.</summary>
    public void Dropped(string key, int points, DateTimeOffset chunkCreatedAt) => Add(key, 1, points, 0, chunkCreatedAt);

    /// <summary>New points for <paramref name="key"/> were refused: nothing queued was left to delete.</summary>
    public void Refused(string key, int points) => Add(key, 0, 0, points, null);

    /// <summary>Writes the lines that are due (or every pending one, when closing).</summary>
    public void Flush(bool force = false)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            foreach (var (key, pending) in _pending)
            {
                if (pending.HasNews && (force || now - pending.LastLine >= interval))
                {
                    Write(key, pending, now);
                }
            }
        }
    }

    private void Add(string key, int chunks, long points, long refused, DateTimeOffset? oldest)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_pending.TryGetValue(key, out var pending))
            {
                pending = new Pending { LastLine = DateTimeOffset.MinValue };
                _pending[key] = pending;
            }

            pending.Chunks += chunks;
            pending.Points += points;
            pending.Refused += refused;
            if (oldest is { } created && (pending.Oldest is null || created < pending.Oldest))
            {
                pending.Oldest = created;
            }

            if (now - pending.LastLine >= interval)
            {
                Write(key, pending, now);
            }
        }
    }

    private void Write(string key, Pending pending, DateTimeOffset now)
    {
        var parts = new List<string>();
        if (pending.Chunks > 0)
        {
            parts.Add($"dropped {pending.Chunks} oldest chunks ({pending.Points} points, the oldest from {pending.Oldest:u})");
        }

        if (pending.Refused > 0)
        {
            parts.Add($"refused {pending.Refused} new points (nothing queued was left to drop)");
        }

        log($"buffer full: {key}: {string.Join(", ", parts)}");
        pending.Chunks = 0;
        pending.Points = 0;
        pending.Refused = 0;
        pending.Oldest = null;
        pending.LastLine = now;
    }

    private sealed class Pending
    {
        public long Chunks { get; set; }

        public long Points { get; set; }

        public long Refused { get; set; }

        public DateTimeOffset? Oldest { get; set; }

        public DateTimeOffset LastLine { get; set; }

        public bool HasNews => Chunks > 0 || Refused > 0;
    }
}
