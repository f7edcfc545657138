using System.Globalization;
using Mine.ClickHouse.Http;
using Mine.ClickHouse.Rows;
using Mine.ClickHouse.Schema;
using Mine.Core.Series;
using Mine.Storage.Index;

namespace Mine.ClickHouse.Reading;

/// <summary>
/// The names of the series in ClickHouse, held in memory in the embedded engine's own name tree and tag index, so
/// find, seriesByTag and the tag listings answer exactly as they do on the embedded engine, without a round trip.
/// Filled at start from the index's tree rows and the tagged table, then kept current by this node's writes and by
/// a refresh of rows newer than the last one seen (names other nodes wrote).
/// </summary>
public sealed class ClickHouseNames
{
    private readonly MetricNameIndex _index = new();
    private readonly Lock _lock = new();
    private string[] _names = new string[1024];
    private int _count;
    private long _seenVersion;

    public MetricNameIndex Index => _index;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The series' id, adding it when new.</summary>
    public int Add(string name)
    {
        if (_index.TryGetId(name, out var id))
        {
            return id;
        }

        lock (_lock)
        {
            if (_index.TryGetId(name, out id))
            {
                return id;
            }

            id = _count;
            if (id == _names.Length)
            {
                Array.Resize(ref _names, _names.Length * 2);
            }

            _names[id] = name;
            if (!MetricNameIndex.CanHold(name) || !_index.TryAdd(name, id))
            {
                return -1;
            }

            Volatile.Write(ref _count, id + 1);
            return id;
        }
    }

    public bool TryGetId(string name, out int id) => _index.TryGetId(name, out id);

    /// <summary>The name of an id this index gave out, or null.</summary>
    public string? NameOf(long id) => (ulong)id < (ulong)Volatile.Read(ref _count) ? Volatile.Read(ref _names)[id] : null;

    public IEnumerable<string> All()
    {
        var count = Volatile.Read(ref _count);
        var names = Volatile.Read(ref _names);
        for (var i = 0; i < count; i++)
        {
            yield return names[i];
        }
    }

    public SeriesHandle? Handle(string name) => _index.TryGetId(name, out var id) ? new SeriesHandle(name, id) : null;

    /// <summary>Reads the names written since the last refresh (all of them the first time); returns the new ones.</summary>
    public async Task<List<string>> RefreshAsync(ClickHouseClient client, ClickHouseTables tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(tables);

        // A minute of overlap: rows written by other nodes around the last refresh, with their own clocks' versions.
        var since = Math.Max(0, Interlocked.Read(ref _seenVersion) - 60);
        var tree = await client.QueryAsync(
            $"SELECT Path, max(Version) FROM {tables.Database}.{tables.Index} WHERE Date = '1970-02-12' AND Level > {SeriesRows.TreeLevelOffset} "
            + $"AND Level < {SeriesRows.ReverseTreeLevelOffset} AND Version >= {since} AND NOT endsWith(Path, '.') GROUP BY Path", cancellationToken).ConfigureAwait(false);
        var tagged = await client.QueryAsync(
            $"SELECT Path, max(Version) FROM {tables.Database}.{tables.Tagged} WHERE Version >= {since} GROUP BY Path", cancellationToken).ConfigureAwait(false);
        var added = new List<string>();
        var newest = since;
        foreach (var (row, isTagged) in TabSeparated.Rows(tree).Select(static r => (r, false)).Concat(TabSeparated.Rows(tagged).Select(static r => (r, true))))
        {
            if (row.Length < 2)
            {
                continue;
            }

            newest = Math.Max(newest, long.Parse(row[1], CultureInfo.InvariantCulture));
            var name = isTagged ? Canonical(SeriesRows.GraphiteName(row[0])) : row[0];
            if (name is not null && !_index.TryGetId(name, out _) && Add(name) >= 0)
            {
                added.Add(name);
            }
        }

        Interlocked.Exchange(ref _seenVersion, newest);
        return added;
    }

    private static string? Canonical(string taggedName)
    {
        try
        {
            return TaggedSeriesName.Canonicalize(taggedName);
        }
        catch (Core.Errors.MineUserException)
        {
            return null; // a row another tool wrote that graphite-web's rules refuse
        }
    }
}
