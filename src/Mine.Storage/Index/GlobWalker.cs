using Mine.Core.Series;

namespace Mine.Storage.Index;

/// <summary>
/// Walks the tree for one compiled glob, visiting only children that match each component.
/// </summary>
/// <remarks>
/// Siblings are visited in <see cref="PathOrder"/> (plain ordinal order for the last component), so a
/// single-variant walk emits its equal-depth paths already in ordinal order (branch before leaf for the same path)
/// and can stop as soon as the limit is reached, without sorting the results. Only globs with dot-spanning braces
/// have several variants; their results are de-duplicated by node and sorted at the end. Small sibling tables are
/// kept sorted and large ones cache a sorted view (see <see cref="ChildTable"/>), so a walk sorts nothing but the
/// few siblings added since. One walker serves one query on one thread.
/// </remarks>
internal sealed class GlobWalker
{
    private readonly int _limit;
    private readonly bool _leavesOnly;
    private readonly SegmentedList<MetricNode>? _nodes;
    private readonly SegmentedList<SeriesHandle>? _leaves;
    private readonly HashSet<(TreeNode Node, bool IsLeaf)>? _seen;
    private readonly Dictionary<string, MetricNode>? _firstByName; // folding by last name (treejson)
    private bool _anyBranch;
    private readonly List<List<TreeNode>> _matchesByLevel = [];
    private readonly List<TreeNode> _tailMatches = [];
    private char[] _path = new char[128];
    private int _pathLength;
    private int _emitted;
    private ComponentMatcher[] _matchers = [];

    private GlobWalker(int limit, bool leavesOnly, bool deduplicate, bool foldByName = false)
    {
        _limit = limit;
        _leavesOnly = leavesOnly;
        if (leavesOnly)
        {
            _leaves = [];
        }
        else if (foldByName)
        {
            _firstByName = new Dictionary<string, MetricNode>(StringComparer.Ordinal);
        }
        else
        {
            _nodes = [];
        }

        _seen = deduplicate ? [] : null;
    }

    private bool LimitReached => _emitted >= _limit;

    public static IReadOnlyList<MetricNode> FindNodes(TreeNode root, GlobQuery query, int limit)
    {
        var walker = new GlobWalker(limit, leavesOnly: false, deduplicate: query.Variants.Count > 1);
        walker.Run(root, query);
        if (query.Variants.Count == 1)
        {
            return walker._nodes!;
        }

        var merged = walker._nodes!.ToArray();
        Array.Sort(merged, static (x, y) =>
        {
            var byPath = string.CompareOrdinal(x.Path, y.Path);
            return byPath != 0 ? byPath : x.IsLeaf.CompareTo(y.IsLeaf); // branch (false) first
        });
        return merged;
    }

    /// <summary>
    /// <see cref="FindNodes"/> folded by last name: a path string is made only for the first node of each name, so
    /// the fleet's 41,600 cpu series cost 8 strings. Globs with several variants fold their sorted full answer.
    /// </summary>
    public static FoldedFind FindFolded(TreeNode root, GlobQuery query, int limit)
    {
        if (query.Variants.Count > 1)
        {
            return FoldedFind.Of(FindNodes(root, query, limit));
        }

        var walker = new GlobWalker(limit, leavesOnly: false, deduplicate: false, foldByName: true);
        walker.Run(root, query);
        return new FoldedFind([.. walker._firstByName!.Values], walker._emitted, walker._anyBranch);
    }

    public static IReadOnlyList<SeriesHandle> FindLeaves(TreeNode root, GlobQuery query, int limit)
    {
        var walker = new GlobWalker(limit, leavesOnly: true, deduplicate: query.Variants.Count > 1);
        walker.Run(root, query);
        if (query.Variants.Count == 1)
        {
            return walker._leaves!;
        }

        var merged = walker._leaves!.ToArray();
        Array.Sort(merged, static (x, y) => string.CompareOrdinal(x.Name, y.Name));
        return merged;
    }

    private void Run(TreeNode root, GlobQuery query)
    {
        foreach (var matchers in query.Variants)
        {
            if (LimitReached)
            {
                return;
            }

            _matchers = matchers;
            while (_matchesByLevel.Count < matchers.Length)
            {
                _matchesByLevel.Add([]);
            }

            _pathLength = 0;
            Walk(root, 0);
        }
    }

    private void Walk(TreeNode node, int level)
    {
        var table = node.Children;
        if (table is null)
        {
            return;
        }

        var matcher = _matchers[level];
        if (matcher.IsLiteralOnly && matcher.Literals.Count == 1)
        {
            // The common case for literal components: one hash lookup, no list.
            var child = table.Find(matcher.Literals[0]);
            if (child is not null)
            {
                Visit(child, level);
            }

            return;
        }

        var matches = _matchesByLevel[level];
        var inOrdinalOrder = CollectMatches(table, matcher, matches);
        if (level + 1 == _matchers.Length && !inOrdinalOrder)
        {
            SortLastComponentOrdinally(matches);
        }

        foreach (var child in matches)
        {
            if (LimitReached)
            {
                return;
            }

            Visit(child, level);
        }
    }

    private void Visit(TreeNode child, int level)
    {
        var savedLength = _pathLength;
        AppendComponent(child.Name);
        if (level + 1 < _matchers.Length)
        {
            Walk(child, level + 1);
        }
        else
        {
            Emit(child);
        }

        _pathLength = savedLength;
    }

    private void Emit(TreeNode node)
    {
        if (_leavesOnly)
        {
            var id = node.SeriesId;
            if (id != TreeNode.NoSeries && FirstTime(node, isLeaf: true))
            {
                _leaves!.Add(new SeriesHandle(CurrentPath(), id));
                _emitted++;
            }

            return;
        }

        if (_firstByName is not null)
        {
            EmitFolded(node);
            return;
        }

        string? path = null;
        if (node.HasChildren && FirstTime(node, isLeaf: false))
        {
            path = CurrentPath();
            _nodes!.Add(new MetricNode(path, IsLeaf: false));
            _emitted++;
        }

        if (!LimitReached && node.IsLeaf && FirstTime(node, isLeaf: true))
        {
            _nodes!.Add(new MetricNode(path ?? CurrentPath(), IsLeaf: true));
            _emitted++;
        }
    }

    private void EmitFolded(TreeNode node)
    {
        if (node.HasChildren)
        {
            _anyBranch = true;
            Fold(node.Name, isLeaf: false);
            _emitted++;
        }

        if (!LimitReached && node.IsLeaf)
        {
            Fold(node.Name, isLeaf: true);
            _emitted++;
        }
    }

    /// <summary>
    /// Keeps the first node of each name. The walk goes in ordinal path order, a branch before a leaf of the same
    /// path, so the first seen is the first in code-point order too, unless a surrogate (U+D800-U+DFFF) in one path
    /// meets a character from U+E000 up in the other, where the two orders differ: then the paths are compared.
    /// </summary>
    private void Fold(string name, bool isLeaf)
    {
        if (!_firstByName!.TryGetValue(name, out var first))
        {
            _firstByName[name] = new MetricNode(CurrentPath(), isLeaf);
            return;
        }

        if (_path.AsSpan(0, _pathLength).IndexOfAnyInRange('\uD800', '\uFFFF') >= 0 || first.Path.AsSpan().IndexOfAnyInRange('\uD800', '\uFFFF') >= 0)
        {
            var candidate = new MetricNode(CurrentPath(), isLeaf);
            if (FoldedFind.Precedes(candidate, first))
            {
                _firstByName[name] = candidate;
            }
        }
    }

    private bool FirstTime(TreeNode node, bool isLeaf) => _seen is null || _seen.Add((node, isLeaf));

    /// <summary>
    /// Fills <paramref name="matches"/> with the children matching <paramref name="matcher"/>, in <see cref="PathOrder"/>.
    /// Returns true when that is known to be plain ordinal order as well.
    /// </summary>
    private bool CollectMatches(ChildTable table, ComponentMatcher matcher, List<TreeNode> matches)
    {
        matches.Clear();
        if (matcher.IsLiteralOnly)
        {
            foreach (var literal in matcher.Literals)
            {
                if (table.Find(literal) is { } child)
                {
                    matches.Add(child);
                }
            }

            matches.Sort(PathOrder.Nodes);
            return false;
        }

        var count = table.Count; // read before Items/Names: entries below it are published
        var items = table.Items;
        var names = table.Names;
        if (table.IsSorted)
        {
            AddMatching(items, names, count, matcher, matches);
            return table.OrdinalOrderIsPathOrder;
        }

        var view = table.GetSortedView(count);
        AddMatching(view.Nodes, view.Names, view.Covered, matcher, matches);
        return MergeTail(items, names, view.Covered, count, matcher, matches) && view.OrdinalOrderIsPathOrder;
    }

    /// <summary>Appends, in order, the sorted children that match, skipping to the matcher's literal prefix.</summary>
    private static void AddMatching(TreeNode[] nodes, string[] names, int count, ComponentMatcher matcher, List<TreeNode> matches)
    {
        if (matcher.MatchesEverything)
        {
            matches.AddRange(new ArraySegment<TreeNode>(nodes, 0, count));
            return;
        }

        var prefix = matcher.CandidatePrefix;
        var start = prefix.Length == 0 ? 0 : LowerBound(names, count, prefix);
        for (var i = start; i < count; i++)
        {
            var name = names[i];
            if (prefix.Length > 0 && !name.StartsWith(prefix, StringComparison.Ordinal))
            {
                break; // past the prefix: siblings sharing a prefix are contiguous in PathOrder
            }

            if (matcher.IsMatch(name))
            {
                matches.Add(nodes[i]);
            }
        }
    }

    /// <summary>First index whose <c>name + "."</c> is not below <paramref name="prefix"/>.</summary>
    private static int LowerBound(string[] names, int count, string prefix)
    {
        int low = 0, high = count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (PathOrder.CompareKeyToProbe(names[mid], prefix) < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>Adds matching children appended after the sorted view was built, keeping sibling order.
    /// Returns false when it added any (their ordinal order is then not known).</summary>
    private bool MergeTail(TreeNode[] items, string[] names, int from, int count, ComponentMatcher matcher, List<TreeNode> matches)
    {
        _tailMatches.Clear();
        for (var i = from; i < count; i++)
        {
            if (matcher.IsMatch(names[i]))
            {
                _tailMatches.Add(items[i]);
            }
        }

        if (_tailMatches.Count == 0)
        {
            return true;
        }

        _tailMatches.Sort(PathOrder.Nodes);
        var sortedCount = matches.Count;
        matches.AddRange(_tailMatches);
        // In-place merge from the back: both runs are sorted, the result fills the list right to left.
        int left = sortedCount - 1, right = _tailMatches.Count - 1, write = matches.Count - 1;
        while (right >= 0)
        {
            if (left >= 0 && PathOrder.Compare(matches[left].Name, _tailMatches[right].Name) > 0)
            {
                matches[write--] = matches[left--];
            }
            else
            {
                matches[write--] = _tailMatches[right--];
            }
        }

        return false;
    }

    /// <summary>
    /// The last component is not followed by a dot, so there plain ordinal order applies (<c>a.b</c> before
    /// <c>a.b-c</c>, where <see cref="PathOrder"/> puts <c>b-c</c> first). The two orders differ only between a name
    /// and its extensions, so the list is nearly sorted and insertion sort fixes it in about linear time.
    /// </summary>
    private static void SortLastComponentOrdinally(List<TreeNode> matches)
    {
        for (var i = 1; i < matches.Count; i++)
        {
            var node = matches[i];
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(matches[j].Name, node.Name) > 0)
            {
                matches[j + 1] = matches[j];
                j--;
            }

            matches[j + 1] = node;
        }
    }

    private void AppendComponent(string name)
    {
        var needed = _pathLength + name.Length + 1;
        if (needed > _path.Length)
        {
            Array.Resize(ref _path, Math.Max(needed, _path.Length * 2));
        }

        if (_pathLength > 0)
        {
            _path[_pathLength++] = '.';
        }

        name.CopyTo(_path.AsSpan(_pathLength));
        _pathLength += name.Length;
    }

    private string CurrentPath() => new(_path, 0, _pathLength);
}
