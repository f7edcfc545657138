using System.Text.Json;
using System.Text.Json.Serialization;

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
/// </summary>
public sealed class EventStore : IDisposable
{
    public const int MaxEvents = 100_000;

    private readonly object _lock = new();
    private readonly List<GraphiteEvent> _events = new();
    private readonly string _path;
    private StreamWriter _writer;
    private long _nextId = 1;
    private int _linesInFile;

    public EventStore(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        _path = Path.Combine(dataDirectory, "events.jsonl");
        Load();
        _writer = OpenAppend();
    }

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
            _writer.WriteLine(JsonSerializer.Serialize(graphiteEvent));
            _writer.Flush();
            _linesInFile++;
            if (_events.Count > MaxEvents)
            {
                _events.RemoveRange(0, _events.Count - MaxEvents);
            }

            if (_linesInFile > 2 * MaxEvents)
            {
                Rewrite();
            }

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

    public void Dispose()
    {
        lock (_lock)
        {
            _writer.Dispose();
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

    private StreamWriter OpenAppend() => new(new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = false };

    private void Rewrite()
    {
        _writer.Dispose();
        var temp = _path + ".tmp";
        File.WriteAllLines(temp, _events.Select(static e => JsonSerializer.Serialize(e)));
        File.Move(temp, _path, overwrite: true);
        _linesInFile = _events.Count;
        _writer = OpenAppend();
    }
}
