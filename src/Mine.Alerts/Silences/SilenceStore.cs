using System.Security.Cryptography;
using System.Text.Json;

namespace Mine.Alerts.Silences;

/// <summary>
/// The silences, kept in <c>alert-silences.json</c> in the data folder (written whole on every change, to a temporary
/// file then renamed), so they survive a restart. An expired silence stops matching at once and is dropped from the
/// file at the next change or <see cref="Prune"/>.
/// </summary>
public sealed class SilenceStore
{
    /// <summary>Silences kept at most: a script creating one per alert cannot grow the file without bound.</summary>
    public const int MaxSilences = 10_000;

    private readonly Lock _lock = new();
    private readonly List<Silence> _silences = [];
    private readonly string _path;

    public SilenceStore(string dataDirectory)
    {
        _path = Path.Combine(dataDirectory, "alert-silences.json");
        if (File.Exists(_path))
        {
            try
            {
                _silences.AddRange(JsonSerializer.Deserialize<List<Silence>>(File.ReadAllText(_path), Tracking.AlertStateFile.Json) ?? []);
            }
            catch (JsonException)
            {
                // A damaged file: set aside for a person to read, rather than silently overwritten.
                File.Move(_path, _path + ".bad", overwrite: true);
            }
        }
    }

    public string FilePath => _path;

    /// <summary>Adds a silence of <paramref name="seconds"/> from <paramref name="now"/>; throws
    /// <see cref="ArgumentException"/> with what to send instead when it would match everything.</summary>
    public Silence Add(string? host, string? group, AlertKind? kind, long now, long seconds, string? comment)
    {
        host = string.IsNullOrWhiteSpace(host) ? null : host.Trim();
        group = string.IsNullOrWhiteSpace(group) ? null : group.Trim();
        if (host is null && group is null)
        {
            throw new ArgumentException("a silence needs a host or a group (and may add a kind); it would silence everything otherwise");
        }

        if (seconds <= 0)
        {
            throw new ArgumentException("a silence needs a duration of more than 0, e.g. \"2h\"");
        }

        var silence = new Silence(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), host, group, kind, now, now + seconds, comment?.Trim() ?? "");
        lock (_lock)
        {
            _silences.RemoveAll(s => s.Ends <= now);
            if (_silences.Count >= MaxSilences)
            {
                throw new ArgumentException($"{MaxSilences} silences are active already; delete some first");
            }

            _silences.Add(silence);
            Save();
        }

        return silence;
    }

    public bool Delete(string id)
    {
        lock (_lock)
        {
            var removed = _silences.RemoveAll(s => s.Id == id) > 0;
            if (removed)
            {
                Save();
            }

            return removed;
        }
    }

    /// <summary>The silences in force at <paramref name="now"/>, soonest ending first.</summary>
    public IReadOnlyList<Silence> Active(long now)
    {
        lock (_lock)
        {
            return _silences.Where(s => s.IsActive(now)).OrderBy(static s => s.Ends).ToList();
        }
    }

    /// <summary>The first silence that holds back an alert of <paramref name="host"/>, <paramref name="group"/> and
    /// <paramref name="kind"/> at <paramref name="now"/>, or null.</summary>
    public Silence? Matching(string? host, string? group, AlertKind kind, long now)
    {
        lock (_lock)
        {
            return _silences.Find(s => s.IsActive(now) && s.Matches(host, group, kind));
        }
    }

    /// <summary>Drops expired silences from memory and the file.</summary>
    public void Prune(long now)
    {
        lock (_lock)
        {
            if (_silences.RemoveAll(s => s.Ends <= now) > 0)
            {
                Save();
            }
        }
    }

    private void Save()
    {
        var temp = _path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(_silences, Tracking.AlertStateFile.Json));
        File.Move(temp, _path, overwrite: true);
    }
}
