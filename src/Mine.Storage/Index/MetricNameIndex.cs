using Mine.Core.Series;

namespace Mine.Storage.Index;

/// <summary>
/// The metric name tree: maps series names to ids and answers Graphite globs by walking only matching branches.
/// </summary>
/// <remarks>
/// <para><b>Concurrency.</b> Lock-free reads, one writer at a time. Every query method (<see cref="TryGetId"/>,
/// <see cref="Find"/>, <see cref="FindLeaves"/>, <see cref="All"/>) reads without locks and never waits for or
/// retries because of a writer. <see cref="TryAdd"/> first checks lock-free (so re-adding known names, the ingest
/// hot path, never locks), then takes a short write lock only to create missing nodes. Children live in
/// append-only tables (see <see cref="ChildTable"/>) whose entries are published with release semantics; a
/// query running while names are added sees each name either fully present or absent.</para>
/// <para><b>Lookups.</b> A literal component is one O(1) probe: a hash lookup in tables of more than 8 children, a
/// scan of at most 8 interned names otherwise (cheaper than hashing). Wildcard components scan only the sorted
/// siblings that share the pattern's literal prefix (<c>web-*</c> binary-searches to <c>web-</c>).</para>
/// <para><b>Memory.</b> Full names are not stored: a node holds only its component, interned so that
/// <c>cpu-user</c> under 5,200 parents is one string. Paths are rebuilt while walking.</para>
/// <para><b>Tagged series</b> (<c>name;k=v</c>, already canonical) are kept out of the tree, as graphite-web keeps
/// them out of /metrics/find, and live in <see cref="Tags"/>. <see cref="TryAdd"/>, <see cref="TryGetId"/>,
/// <see cref="Count"/> and <see cref="All"/> cover both kinds.</para>
/// <para>There is no removal yet; retention-driven deletion will need it.</para>
/// </remarks>
public sealed class MetricNameIndex
{
    private readonly TreeNode _root = new(string.Empty, TreeNode.NoSeries);
    private readonly Lock _writeLock = new();
    private readonly Dictionary<string, string> _components = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _componentsBySpan;
    private int _treeLeafCount;

    public MetricNameIndex() => _componentsBySpan = _components.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Tagged series, indexed by tag for seriesByTag.</summary>
    public TagIndex Tags { get; } = new();

    /// <summary>Number of series (tree leaves plus tagged series).</summary>
    public int Count => Volatile.Read(ref _treeLeafCount) + Tags.Count;

    /// <summary>
    /// Adds a series. Returns false, leaving the existing id, when the name is already present.
    /// </summary>
    /// <exception cref="ArgumentException">Empty name, an empty component (<c>a..b</c>, leading or trailing dot),
    /// a negative id, or a malformed tagged name.</exception>
    public bool TryAdd(string name, int seriesId)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegative(seriesId);
        if (name.Contains(';'))
        {
            return Tags.Add(name, seriesId);
        }

        ValidateComponents(name);
        if (FindNode(name) is { IsLeaf: true })
        {
            return false; // lock-free fast path for names already known
        }

        lock (_writeLock)
        {
            var node = _root;
            var rest = name.AsSpan();
            while (true)
            {
                var dot = rest.IndexOf('.');
                var component = dot < 0 ? rest : rest[..dot];
                var isLast = dot < 0;
                var child = node.Children?.Find(component);
                if (child is null)
                {
                    child = new TreeNode(Intern(component), isLast ? seriesId : TreeNode.NoSeries);
                    node.AddChild(child);
                    if (isLast)
                    {
                        Volatile.Write(ref _treeLeafCount, _treeLeafCount + 1);
                        return true;
                    }
                }
                else if (isLast)
                {
                    if (child.IsLeaf)
                    {
                        return false; // added by another writer since the fast-path check
                    }

                    child.MarkLeaf(seriesId);
                    Volatile.Write(ref _treeLeafCount, _treeLeafCount + 1);
                    return true;
                }

                node = child;
                rest = rest[(dot + 1)..];
            }
        }
    }

    /// <summary>The id of an exact series name (tagged or not). Lock-free.</summary>
    public bool TryGetId(string name, out int id)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Contains(';'))
        {
            return Tags.TryGetId(name, out id);
        }

        var node = FindNode(name);
        id = node?.SeriesId ?? TreeNode.NoSeries;
        return id != TreeNode.NoSeries;
    }

    /// <summary>
    /// Branches and leaves matching a Graphite glob, in ordinal path order, a branch before a leaf of the same
    /// path (a path can be both).
    /// </summary>
    /// <param name="glob">Graphite glob: <c>*</c>, <c>?</c>, <c>[a-z]</c>, <c>[!a]</c>, <c>{a,b}</c> (nested, or spanning
    /// dots). A glob containing ';' is an exact tagged-series lookup, as in graphite-web.</param>
    /// <param name="limit">The walk stops once this many nodes are collected, so at most <paramref name="limit"/>
    /// are returned. To refuse queries matching more than N nodes, pass N + 1 and treat a result of N + 1 as
    /// "too many"; the returned nodes are then an arbitrary subset.</param>
    /// <exception cref="GlobTooComplexException">Braces expand to more than 10,000 alternatives.</exception>
    public IReadOnlyList<MetricNode> Find(string glob, int limit = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var query = GlobQuery.Compile(glob);
        if (query.TaggedName is { } tagged)
        {
            return limit > 0 && Tags.TryGetId(tagged, out _) ? [new MetricNode(tagged, IsLeaf: true)] : [];
        }

        return limit == 0 ? [] : GlobWalker.FindNodes(_root, query, limit);
    }

    /// <summary><see cref="Find"/> folded by last name (see <see cref="Core.Ports.ISeriesIndex.FindFolded"/>).</summary>
    public FoldedFind FindFolded(string glob, int limit = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var query = GlobQuery.Compile(glob);
        if (query.TaggedName is not null || limit == 0)
        {
            return FoldedFind.Of(Find(glob, limit));
        }

        return GlobWalker.FindFolded(_root, query, limit);
    }

    /// <summary>
    /// Leaves (series) matching a glob, with their ids as handle keys, for /render. Same syntax, order and limit rule as
    /// <see cref="Find"/>; the limit counts leaves only.
    /// </summary>
    public IReadOnlyList<SeriesHandle> FindLeaves(string glob, int limit = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var query = GlobQuery.Compile(glob);
        if (query.TaggedName is { } tagged)
        {
            return limit > 0 && Tags.TryGetId(tagged, out var id) ? [new SeriesHandle(tagged, id)] : [];
        }

        return limit == 0 ? [] : GlobWalker.FindLeaves(_root, query, limit);
    }

    /// <summary>
    /// Every series with its id: tree leaves, then tagged series; in no particular order (callers that need
    /// /metrics/index.json order sort). Safe to enumerate while names are added; new names may or may not appear.
    /// </summary>
    public IEnumerable<(string Name, int Id)> All()
    {
        foreach (var leaf in AllTreeLeaves())
        {
            yield return leaf;
        }

        foreach (var tagged in Tags.All())
        {
            yield return tagged;
        }
    }

    private IEnumerable<(string Name, int Id)> AllTreeLeaves()
    {
        // Explicit stack instead of recursion: iterators nested per level would allocate per node.
        var stack = new Stack<(TreeNode Node, string Path)>();
        stack.Push((_root, string.Empty));
        while (stack.Count > 0)
        {
            var (node, path) = stack.Pop();
            var id = node.SeriesId;
            if (id != TreeNode.NoSeries)
            {
                yield return (path, id);
            }

            if (node.Children is not { } table)
            {
                continue;
            }

            var count = table.Count;
            var items = table.Items;
            for (var i = count - 1; i >= 0; i--)
            {
                var child = items[i];
                stack.Push((child, path.Length == 0 ? child.Name : string.Concat(path, ".", child.Name)));
            }
        }
    }

    private TreeNode? FindNode(string name)
    {
        var node = _root;
        var rest = name.AsSpan();
        while (true)
        {
            var dot = rest.IndexOf('.');
            var child = node.Children?.Find(dot < 0 ? rest : rest[..dot]);
            if (child is null || dot < 0)
            {
                return child;
            }

            node = child;
            rest = rest[(dot + 1)..];
        }
    }

    private string Intern(ReadOnlySpan<char> component)
    {
        if (_componentsBySpan.TryGetValue(component, out var interned))
        {
            return interned;
        }

        interned = component.ToString();
        _components.Add(interned, interned);
        return interned;
    }

    /// <summary>Whether <see cref="TryAdd"/> takes <paramref name="name"/> (a non-empty path without empty components, or a well-formed tagged name) instead of throwing.</summary>
    public static bool CanHold(string name) =>
        !string.IsNullOrEmpty(name) && (name.Contains(';') ? TagIndex.TryParse(name, out _, out _) : !HasEmptyComponent(name));

    private static bool HasEmptyComponent(string name) => name[0] == '.' || name[^1] == '.' || name.Contains("..", StringComparison.Ordinal);

    private static void ValidateComponents(string name)
    {
        if (HasEmptyComponent(name))
        {
            throw new ArgumentException($"Metric name '{name}' has an empty path component.", nameof(name));
        }
    }
}
