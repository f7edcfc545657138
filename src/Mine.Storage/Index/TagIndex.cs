using System.Collections.Concurrent;

namespace Mine.Storage.Index;

/// <summary>
/// Tagged series (<c>disk.used;datacenter=dc1;server=web-01</c>): exact name → id, and tag → value → ids,
/// enough to answer seriesByTag (<c>tag=value</c> by lookup, <c>!=</c>, <c>=~</c>, <c>!=~</c> by scanning a tag's values).
/// </summary>
/// <remarks>
/// Names arrive canonical (tags sorted, as carbon's TaggedSeries produces); they are stored as given. As in
/// graphite-web the path is also indexed as the tag <c>name</c>. Reads are lock-free (concurrent dictionaries and
/// append-only id lists); writes are serialized by one lock so a series' postings appear together.
/// Tags and values also get the row ids graphite-web's SQL tag database gives them (<see cref="TagId"/>).
/// </remarks>
public sealed class TagIndex
{
    /// <summary>The tag holding the path part of a tagged name, as graphite-web calls it.</summary>
    public const string NameTag = "name";

    private readonly ConcurrentDictionary<string, int> _idsByName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, string> _namesById = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, AppendOnlyIds>> _postings =
        new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, int> _tagIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _valueIds = new(StringComparer.Ordinal);
    private int _tagRows;
    private int _valueRows;

    private readonly Lock _writeLock = new();

    public int Count => _idsByName.Count;

    /// <summary>Adds a tagged series; false if the name is already present (its id is kept).</summary>
    /// <exception cref="ArgumentException">The name is not <c>path;tag=value[;tag=value...]</c> with non-empty parts.</exception>
    public bool Add(string name, int seriesId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seriesId);
        if (!TryParse(name, out var path, out var tags))
        {
            throw new ArgumentException(
                $"'{name}' is not a tagged series name (expected path;tag=value with non-empty path, tags and values).",
                nameof(name));
        }

        if (_idsByName.ContainsKey(name))
        {
            return false;
        }

        lock (_writeLock)
        {
            if (_idsByName.ContainsKey(name))
            {
                return false;
            }

            // Ids first: a tag or value is listed once its posting exists, and must have its id by then.
            foreach (var (tag, value) in tags)
            {
                AssignRowIds(tag, value);
            }

            AssignRowIds(NameTag, path);
            AddPosting(NameTag, path, seriesId);
            foreach (var (tag, value) in tags)
            {
                AddPosting(tag, value, seriesId);
            }

            _namesById[seriesId] = name;
            _idsByName[name] = seriesId; // last: once visible by name, its postings are complete
            return true;
        }
    }

    public bool TryGetId(string name, out int id) => _idsByName.TryGetValue(name, out id);

    /// <summary>
    /// The id graphite-web's tag database (LocalDatabaseTagDB on SQLite) gives the tag: its row in tags_tag, as
    /// if the series had been registered in the order Mine first stored them. Each registration inserts its tags
    /// (in name order, then <c>name</c>) with INSERT OR IGNORE under AUTOINCREMENT, which uses up an id for every
    /// row it tries, so ids have gaps: a tag's id is the number of tag rows tried when it first came.
    /// </summary>
    public int? TagId(string tag) => _tagIds.TryGetValue(tag, out var id) ? id : null;

    /// <summary>
    /// graphite-web's id of a tag value (tags_tagvalue: one row per distinct value, whatever the tag), counted
    /// as <see cref="TagId"/> is.
    /// </summary>
    public int? ValueId(string value) => _valueIds.TryGetValue(value, out var id) ? id : null;

    public bool TryGetName(int seriesId, out string name) => _namesById.TryGetValue(seriesId, out name!);

    public IEnumerable<(string Name, int Id)> All() => _idsByName.Select(static pair => (pair.Key, pair.Value));

    /// <summary>Tag names in ordinal order (includes <see cref="NameTag"/>).</summary>
    public IReadOnlyList<string> TagNames() => [.. _postings.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The values of a tag with how many series carry each, in ordinal order of value.</summary>
    public IReadOnlyList<(string Value, int SeriesCount)> Values(string tag) =>
        _postings.TryGetValue(tag, out var values)
            ? [.. values.Select(static pair => (pair.Key, pair.Value.Count)).OrderBy(static v => v.Key, StringComparer.Ordinal)]
            : [];

    /// <summary>Ids of the series carrying <c>tag=value</c> (a snapshot, in insertion order).</summary>
    public IReadOnlyList<int> SeriesIds(string tag, string value) =>
        _postings.TryGetValue(tag, out var values) && values.TryGetValue(value, out var ids) ? ids.Snapshot() : [];

    /// <summary>Splits <c>path;k=v;k2=v2</c>. The first '=' separates tag and value; values may contain '='.</summary>
    public static bool TryParse(string name, out string path, out List<(string Tag, string Value)> tags)
    {
        ArgumentNullException.ThrowIfNull(name);
        tags = [];
        var parts = name.Split(';');
        path = parts[0];
        if (path.Length == 0 || parts.Length < 2)
        {
            return false;
        }

        for (var i = 1; i < parts.Length; i++)
        {
            var equals = parts[i].IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == parts[i].Length - 1)
            {
                return false;
            }

            tags.Add((parts[i][..equals], parts[i][(equals + 1)..]));
        }

        return true;
    }

    /// <summary>One row tried in tags_tag and one in tags_tagvalue (under the write lock).</summary>
    private void AssignRowIds(string tag, string value)
    {
        _tagIds.TryAdd(tag, ++_tagRows);
        _valueIds.TryAdd(value, ++_valueRows);
    }

    private void AddPosting(string tag, string value, int seriesId) =>
        _postings.GetOrAdd(tag, static _ => new ConcurrentDictionary<string, AppendOnlyIds>(StringComparer.Ordinal))
            .GetOrAdd(value, static _ => new AppendOnlyIds())
            .Add(seriesId);

    /// <summary>An int list with one writer (under the index lock) and lock-free readers.</summary>
    private sealed class AppendOnlyIds
    {
        private int[] _items = new int[4];
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add(int id)
        {
            var items = _items;
            if (_count == items.Length)
            {
                Array.Resize(ref items, items.Length * 2);
                Volatile.Write(ref _items, items); // publish the copy before the count that needs it
            }

            items[_count] = id;
            Volatile.Write(ref _count, _count + 1);
        }

        public int[] Snapshot()
        {
            var count = Volatile.Read(ref _count); // count first: any array read afterwards holds these entries
            return Volatile.Read(ref _items).AsSpan(0, count).ToArray();
        }
    }
}
