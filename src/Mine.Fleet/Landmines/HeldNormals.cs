using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mine.Fleet;

/// <summary>
/// What the landmine detection remembers of the hosts it listed (decision 0029, "A landmine does not fade"). Normals
/// are relearnt from the last 24 hours every hour; without this, a host that fell out of its load balancer would
/// become its own normal once it had been out for half the history, and leave the list while still out. So:
/// <list type="bullet">
/// <item>while a host is listed as a level landmine, its normals are held as they were when it was first listed;</item>
/// <item>the times it was listed are left out when its normals are learnt, so once it is back (and its held normals
/// released, after <see cref="ReleaseSeconds"/> unlisted) the hours it was off do not become its normal either;</item>
/// <item>after <see cref="MaxHoldSeconds"/> listed, both are forgotten: a change that lasted a week is the host's new
/// normal.</item>
/// </list>
/// Kept in <c>landmine-normals.json</c> in the data folder (written whole, to a temporary file then renamed), so that a
/// restart, which relearns every normal from the history, does not make a landmine fade.
/// </summary>
internal sealed class HeldNormals
{
    public const long MaxHoldSeconds = 7 * 86400;
    public const long ReleaseSeconds = 15 * 60;

    /// <summary>Listings further apart than this are two intervals (a host unlisted for one computation is not).</summary>
    private const long JoinSeconds = 5 * 60;

    /// <summary>Interval extensions alone are saved at most this often (new, held and released hosts at once).</summary>
    private const long SaveEverySeconds = 5 * 60;

    private const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly Dictionary<string, HeldHost> _hosts = new(StringComparer.Ordinal);
    private readonly string? _path;
    private long _savedAt;

    /// <param name="dataDirectory">Where <c>landmine-normals.json</c> lives; null keeps them in memory only.</param>
    public HeldNormals(string? dataDirectory)
    {
        if (dataDirectory is null)
        {
            return;
        }

        _path = Path.Combine(dataDirectory, "landmine-normals.json");
        try
        {
            if (File.Exists(_path) && JsonSerializer.Deserialize<HeldFile>(File.ReadAllText(_path), Json) is { Version: FormatVersion, Hosts: { } hosts })
            {
                foreach (var (host, held) in hosts)
                {
                    held.Listed.RemoveAll(static i => i is not [var from, var to] || to < from);
                    _hosts[host] = held;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            // Unreadable: the hosts' normals are learnt from the whole history again, as on a first start.
        }
    }

    /// <summary>The held normal of <paramref name="host"/> on <paramref name="metric"/>, if any.</summary>
    public bool TryGet(string host, string metric, out double logRatio)
    {
        logRatio = double.NaN;
        return _hosts.TryGetValue(host, out var held) && held.Normals is { } normals && normals.TryGetValue(metric, out logRatio);
    }

    /// <summary>Whether <paramref name="host"/> was listed at any time in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public bool WasListed(string host, long from, long to) =>
        _hosts.TryGetValue(host, out var held) && held.Listed.Exists(i => i[0] < to && i[1] >= from);

    /// <summary>
    /// Records the hosts listed now with the time each has been off since, holds the normals of those newly listed
    /// (as <paramref name="normalsOf"/> knows them, before this listing could leak into them), releases the normals of
    /// hosts unlisted for <see cref="ReleaseSeconds"/>, forgets hosts held for <see cref="MaxHoldSeconds"/>, and
    /// drops listed times older than <paramref name="historySeconds"/>.
    /// </summary>
    public void Update(IEnumerable<(string Host, long Since)> listed, Func<string, IReadOnlyDictionary<string, double>> normalsOf, long now, long historySeconds)
    {
        var changed = false;
        var extended = false;
        var listedNow = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (host, since) in listed)
        {
            listedNow.Add(host);
            var from = Math.Min(since, now);
            if (!_hosts.TryGetValue(host, out var held))
            {
                held = new HeldHost { Since = now };
                _hosts[host] = held;
                changed = true;
            }

            if (held.Normals is null)
            {
                var normals = normalsOf(host);
                held.Normals = normals.Count == 0 ? null : new Dictionary<string, double>(normals, StringComparer.Ordinal);
                held.Since = now;
                changed |= held.Normals is not null;
            }

            held.LastListed = now;
            if (held.Listed.Count > 0 && held.Listed[^1][1] >= from - JoinSeconds)
            {
                held.Listed[^1][1] = now;
                extended = true;
            }
            else
            {
                held.Listed.Add([from, now]);
                changed = true;
            }
        }

        foreach (var (host, held) in _hosts.ToList())
        {
            if (held.Normals is not null && now - held.Since >= MaxHoldSeconds)
            {
                _hosts.Remove(host); // a week off: its new normal, learnt from the whole history
                changed = true;
                continue;
            }

            if (!listedNow.Contains(host) && held.Normals is not null && now - held.LastListed >= ReleaseSeconds)
            {
                held.Normals = null;
                changed = true;
            }

            changed |= held.Listed.RemoveAll(i => i[1] < now - historySeconds) > 0;
            if (held.Normals is null && held.Listed.Count == 0)
            {
                _hosts.Remove(host);
                changed = true;
            }
        }

        if (changed || (extended && now - _savedAt >= SaveEverySeconds))
        {
            Save(now);
        }
    }

    private void Save(long now)
    {
        _savedAt = now;
        if (_path is null)
        {
            return;
        }

        var temp = _path + ".tmp";
        try
        {
            File.WriteAllText(temp, JsonSerializer.Serialize(new HeldFile { Version = FormatVersion, Hosts = _hosts }, Json));
            File.Move(temp, _path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A full or read-only disk: what is held stays in memory for this run; the next change tries again.
            try
            {
                File.Delete(temp);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing more to do: the last good file is still in place.
            }
        }
    }

    /// <summary>One host: its held normals (metric id to log-ratio to its group's median; null once released), since
    /// when they are held, when it was last listed, and the [from, to] times it was listed.</summary>
    private sealed class HeldHost
    {
        public long Since { get; set; }

        public long LastListed { get; set; }

        public Dictionary<string, double>? Normals { get; set; }

        public List<long[]> Listed { get; set; } = [];
    }

    private sealed class HeldFile
    {
        public int Version { get; set; }

        public Dictionary<string, HeldHost>? Hosts { get; set; }
    }
}
