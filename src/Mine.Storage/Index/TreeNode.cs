namespace Mine.Storage.Index;

/// <summary>
/// One component of the metric tree. A node is a leaf when it carries a series id and a branch when it has
/// children; Graphite allows both at once (<c>a.b</c> stored next to <c>a.b.c</c>).
/// </summary>
/// <remarks>
/// Readers never lock: <see cref="SeriesId"/> and <see cref="Children"/> are read with acquire semantics and
/// only the index's single writer (holding its write lock) changes them, always publishing fully built objects.
/// 40 bytes per node; the name is an interned component shared by every node with that name.
/// </remarks>
internal sealed class TreeNode(string name, int seriesId)
{
    private int _seriesId = seriesId;
    private ChildTable? _children;

    public const int NoSeries = -1;

    /// <summary>The component (interned).</summary>
    public string Name { get; } = name;

    /// <summary>The leaf's series id, or <see cref="NoSeries"/> for a pure branch.</summary>
    public int SeriesId => Volatile.Read(ref _seriesId);

    public bool IsLeaf => SeriesId != NoSeries;

    public ChildTable? Children => Volatile.Read(ref _children);

    public bool HasChildren => Children is { Count: > 0 };

    /// <summary>Writer only: turns an existing branch into a leaf as well.</summary>
    public void MarkLeaf(int seriesId) => Volatile.Write(ref _seriesId, seriesId);

    /// <summary>Writer only: adds a child, publishing a new table when the old one cannot take it in place.</summary>
    public void AddChild(TreeNode child)
    {
        var table = _children;
        var updated = table is null ? ChildTable.CreateWith(child) : table.With(child);
        if (!ReferenceEquals(updated, table))
        {
            Volatile.Write(ref _children, updated);
        }
    }
}
