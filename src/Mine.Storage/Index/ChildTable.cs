namespace Mine.Storage.Index;

/// <summary>
/// The children of one node, readable by any number of threads while one writer adds.
/// </summary>
/// <remarks>
/// Two shapes, because most nodes have a handful of children and a few have thousands:
/// <list type="bullet">
/// <item><b>Small</b> (up to <see cref="SmallCapacity"/>): immutable arrays kept in <see cref="PathOrder"/>. Adding
/// a child publishes a new table (copy-on-write costs at most 8 copies), so walks never sort these siblings and a
/// reader holding a table always sees a complete one.</item>
/// <item><b>Large</b>: an append-only array plus an open-addressing hash index. Copy-on-write per insert would be
/// O(n²) for a flat namespace (100k hosts under <c>servers</c>), so an append writes the item, then its hash slot,
/// then the count, each later write with release semantics: a reader that sees a slot or a count also sees the
/// item. When full, the writer publishes a doubled copy through the owning node; readers still holding the old
/// table see a consistent older view. A sorted view for wildcard walks is built lazily by the first reader that
/// needs it and cached; children appended after it (the "tail") are merged per query until the tail grows enough
/// (an eighth of the view) to justify a rebuild.</item>
/// </list>
/// Names are kept in an array parallel to the nodes: scans and lookups compare interned, cache-hot component
/// strings and dereference only the node they return.
/// </remarks>
internal sealed class ChildTable
{
    /// <summary>Largest table kept sorted by copy-on-write; bigger ones are hashed and append-only.</summary>
    public const int SmallCapacity = 8;

    private readonly TreeNode[] _items;
    private readonly string[] _names;
    private readonly int[]? _slots; // large only: item index + 1; 0 = empty. Power-of-two length, load <= 1/2.
    private int _count;
    private SortedView? _sorted;

    private ChildTable(TreeNode[] items, string[] names, int count, bool hashed)
    {
        _items = items;
        _names = names;
        _count = count;
        if (!hashed)
        {
            OrdinalOrderIsPathOrder = PathOrder.AgreesWithOrdinal(names, count);
        }
        else
        {
            _slots = new int[items.Length * 2];
            for (var i = 0; i < count; i++)
            {
                InsertSlot(_slots, names[i], i);
            }
        }
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>True for small tables: <see cref="Items"/> is in <see cref="PathOrder"/> and never changes.</summary>
    public bool IsSorted => _slots is null;

    /// <summary>Small tables: whether their order is also plain ordinal order (true unless a name extends another
    /// with a character below '.'), so a walk emitting them as last components need not re-sort.</summary>
    public bool OrdinalOrderIsPathOrder { get; }

    /// <summary>The nodes; entries [0, <see cref="Count"/> read before this) are valid and never change.</summary>
    public TreeNode[] Items => _items;

    /// <summary>The children's names, index for index with <see cref="Items"/>.</summary>
    public string[] Names => _names;

    public static ChildTable CreateWith(TreeNode first) => new([first], [first.Name], 1, hashed: false);

    public TreeNode? Find(ReadOnlySpan<char> name)
    {
        if (_slots is null)
        {
            var names = _names;
            for (var i = 0; i < names.Length; i++)
            {
                if (name.SequenceEqual(names[i]))
                {
                    return _items[i];
                }
            }

            return null;
        }

        var mask = _slots.Length - 1;
        var slot = string.GetHashCode(name) & mask;
        while (true)
        {
            var entry = Volatile.Read(ref _slots[slot]);
            if (entry == 0)
            {
                return null;
            }

            if (name.SequenceEqual(_names[entry - 1]))
            {
                return _items[entry - 1];
            }

            slot = (slot + 1) & mask;
        }
    }

    /// <summary>
    /// Writer only. Adds <paramref name="child"/> and returns the table the owner must publish: this one when the
    /// child was appended in place, a new one otherwise.
    /// </summary>
    public ChildTable With(TreeNode child)
    {
        var count = _count;
        if (_slots is null)
        {
            return count < SmallCapacity ? SmallWith(child) : LargeFromSmall(child);
        }

        if (count == _items.Length)
        {
            return LargeGrownWith(child);
        }

        _items[count] = child;
        _names[count] = child.Name;
        InsertSlot(_slots, child.Name, count);
        Volatile.Write(ref _count, count + 1);
        return this;
    }

    /// <summary>
    /// Large tables only: a sorted view covering a prefix of the first <paramref name="count"/> items, rebuilt
    /// when the unsorted tail exceeds an eighth of the view, so rebuild cost stays amortized over appends.
    /// </summary>
    public SortedView GetSortedView(int count)
    {
        var view = Volatile.Read(ref _sorted);
        if (view is not null && count - view.Covered <= view.Covered / 8)
        {
            return view;
        }

        var nodes = new TreeNode[count];
        var names = new string[count];
        Array.Copy(_items, nodes, count);
        Array.Copy(_names, names, count);
        Array.Sort(names, nodes, PathOrder.Names);
        view = new SortedView(nodes, names);
        Volatile.Write(ref _sorted, view); // racing readers may each build one; any of them is correct
        return view;
    }

    private ChildTable SmallWith(TreeNode child)
    {
        var count = _items.Length;
        var position = 0;
        while (position < count && PathOrder.Compare(_names[position], child.Name) < 0)
        {
            position++;
        }

        var items = new TreeNode[count + 1];
        var names = new string[count + 1];
        Array.Copy(_items, items, position);
        Array.Copy(_names, names, position);
        items[position] = child;
        names[position] = child.Name;
        Array.Copy(_items, position, items, position + 1, count - position);
        Array.Copy(_names, position, names, position + 1, count - position);
        return new ChildTable(items, names, count + 1, hashed: false);
    }

    private ChildTable LargeFromSmall(TreeNode child)
    {
        var items = new TreeNode[SmallCapacity * 2];
        var names = new string[SmallCapacity * 2];
        Array.Copy(_items, items, _items.Length);
        Array.Copy(_names, names, _names.Length);
        var large = new ChildTable(items, names, _items.Length, hashed: true)
        {
            _sorted = new SortedView(_items, _names), // the small arrays are sorted and immutable: a ready view
        };
        return large.With(child);
    }

    private ChildTable LargeGrownWith(TreeNode child)
    {
        var count = _count;
        var items = new TreeNode[_items.Length * 2];
        var names = new string[_items.Length * 2];
        Array.Copy(_items, items, count);
        Array.Copy(_names, names, count);
        var grown = new ChildTable(items, names, count, hashed: true)
        {
            _sorted = _sorted, // still describes a prefix of the unchanged append order
        };
        return grown.With(child);
    }

    private static void InsertSlot(int[] slots, string name, int index)
    {
        var mask = slots.Length - 1;
        var slot = string.GetHashCode(name) & mask;
        while (slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        Volatile.Write(ref slots[slot], index + 1);
    }

    /// <summary>Items [0, Covered) of the append order, sorted by <see cref="PathOrder"/>.</summary>
    internal sealed class SortedView(TreeNode[] nodes, string[] names)
    {
        public TreeNode[] Nodes { get; } = nodes;

        /// <summary>The names of <see cref="Nodes"/>, index for index.</summary>
        public string[] Names { get; } = names;

        /// <summary>Whether this order is also plain ordinal order (see <see cref="OrdinalOrderIsPathOrder"/>).</summary>
        public bool OrdinalOrderIsPathOrder { get; } = PathOrder.AgreesWithOrdinal(names, names.Length);

        public int Covered => Nodes.Length;
    }
}
