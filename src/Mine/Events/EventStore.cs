using System.Text.Json;
using System.Text.Json.Serialization;
using Mine.Core.Health;

namespace Mine.Events;

/// <summary>An event as graphite-web's events API shows it (Grafana draws these as annotations).</summary>
public sealed record GraphiteEvent(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("when")] double When,
    [property: JsonPropertyName("what")] string What,
    [property: JsonPropertyName("data")] string Data,
    [property: JsonPropertyName("tags")] IReadOnlyList<string> Tags);

/// <summary>
/// Events (collectd notifications, and events POSTed by users) kept in memory for queries and appended to
/// <c>events.jsonl</c> in the data folder, one JSON object per line, so they survive a restart. Bounded: the oldest
/// events are forgotten beyond <see cref="MaxEvents"/> (the file is rewritten when it grows past twice that).
/// A failed write (a full disk) never fails the caller: the event is kept in memory, <see cref="Health"/> shows the
/// failure, and the whole file is written again from memory at the next event or <see cref="RetryFailedWrites"/>.
/// </summary>
public sealed class EventStore : IDisposable
{
    public const int MaxEvents = 100_000;

    private readonly object _lock = new();
    private readonly List<GraphiteEvent> _events = new();
    private readonly string _path;
    private StreamWriter? _writer;
    private long _nextId = 1;
    private int _linesInFile;

    private readonly Func<string, Stream> _openAppend;

    /// <param name="dataDirectory">Folder of events.jsonl.</param>
    /// <param name="openAppend">Opens the file for appending (tests pass a stream that fails like a full disk).</param>
    public EventStore(string dataDirectory, Func<string, Stream>? openAppend = null)
    {
        _openAppend = openAppend ?? OpenAppendFile;
        Directory.CreateDirectory(dataDirectory);
        _path = Path.Combine(dataDirectory, "events.jsonl");
        Load();
        _writer = OpenAppend();
        Health.Beat();
    }

    /// <summary>Whether events reach the file: failing while the disk refuses writes.</summary>
    public LoopHealth Health { get; } = new("events-file", TimeSpan.MaxValue);

    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _events.Count;
            }
        }
    }

    public GraphiteEvent Add(double when, string what, string data, IReadOnlyList<string> tags)
    {
        lock (_lock)
        {
            var graphiteEvent = new GraphiteEvent(_nextId++, when, what, data, tags);
            _events.Add(graphiteEvent);
            if (_events.Count > MaxEvents)
            {
                _events.RemoveRange(0, _events.Count - MaxEvents);
            }

            Persist(graphiteEvent);
            return graphiteEvent;
        }
    }

    /// <summary>graphite-web's get_data: events in [from, until], every tag required when tags are given.</summary>
    public List<GraphiteEvent> Query(double from, double until, IReadOnlyCollection<string> tags)
    {
        lock (_lock)
        {
            var result = new List<GraphiteEvent>();
            foreach (var e in _events)
            {
                if (e.When >= from && e.When <= until && tags.All(t => e.Tags.Contains(t, StringComparer.Ordinal)))
                {
                    result.Add(e);
                }
            }

            result.Sort(static (a, b) => a.When.CompareTo(b.When));
            return result;
        }
    }

    /// <summary>Writes the file again from memory if an earlier write failed (called every minute).</summary>
    public void RetryFailedWrites()
    {
        lock (_lock)
        {
            if (_writer is null)
            {
                TryWrite(Rewrite);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            try
            {
                _writer?.Dispose();
            }
            catch (IOException)
            {
                // The disk refused the last buffered line; it was reported when it failed.
            }
        }
    }

    private void Persist(GraphiteEvent graphiteEvent)
    {
        if (_writer is null || _linesInFile >= 2 * MaxEvents)
        {
            // After a failure the file misses events; rewriting it from memory brings it up to date.
            TryWrite(Rewrite);
            return;
        }

        var writer = _writer;
        TryWrite(() =>
        {
            writer.WriteLine(JsonSerializer.Serialize(graphiteEvent));
            writer.Flush();
            _linesInFile++;
        });
    }

    private void TryWrite(Action write)
    {
        try
        {
            write();
            Health.Succeeded();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Health.Failed($"cannot write events.jsonl: {ex.Message}");
            try
            {
                _writer?.Dispose();
            }
            catch (IOException)
            {
                // Flushing the buffered line fails again on a full disk; the events are in memory.
            }

            _writer = null;
        }
    }

    private void Load()
    {
        if (!File.Exists(_path))
        {
            return;
        }

        foreach (var line in File.ReadLines(_path))
        {
            _linesInFile++;
            try
            {
                if (JsonSerializer.Deserialize<GraphiteEvent>(line) is { } e)
                {
                    _events.Add(e);
                    _nextId = Math.Max(_nextId, e.Id + 1);
                }
            }
            catch (JsonException)
            {
                // A torn last line after a crash: the event was never acknowledged as stored. Skip it.
            }
        }

        if (_events.Count > MaxEvents)
        {
            _events.RemoveRange(0, _events.Count - MaxEvents);
        }
    }

    public static Stream OpenAppendFile(string path) => new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);

    private StreamWriter OpenAppend() => new(_openAppend(_path)) { AutoFlush = false };

    private void Rewrite()
    {
        _writer?.Dispose();
        _writer = null;
        var temp = _path + ".tmp";
        try
        {
            File.WriteAllLines(temp, _events.Select(static e => JsonSerializer.Serialize(e)));
            File.Move(temp, _path, overwrite: true);
        }
        catch (IOException)
        {
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
            }

            throw;
        }

        _linesInFile = _events.Count;
        _writer = OpenAppend();
    }
}
