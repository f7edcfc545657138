using Mine.Core.Text;

namespace Mine.Core.Series;

/// <summary>
/// A glob's matches folded by their last name, as /metrics/find's treejson shows them (41,600 fleet-wide cpu series
/// are 8 names): for each distinct name the node that comes first in code-point path order, a branch before a leaf
/// of the same path; and what the fold hides that treejson still needs, how many nodes matched and whether any of
/// them was a branch.
/// </summary>
/// <param name="Firsts">One node per distinct last name, in no particular order.</param>
/// <param name="Matched">Nodes the glob matched (branches and leaves counted apart, as <see cref="Ports.ISeriesIndex.Find"/> lists them).</param>
/// <param name="AnyBranch">Whether any matched node was a branch.</param>
public sealed record FoldedFind(IReadOnlyList<MetricNode> Firsts, int Matched, bool AnyBranch)
{
    /// <summary>Folds a full <see cref="Ports.ISeriesIndex.Find"/> answer.</summary>
    public static FoldedFind Of(IReadOnlyList<MetricNode> nodes)
    {
        var firsts = new Dictionary<string, MetricNode>(StringComparer.Ordinal);
        var byName = firsts.GetAlternateLookup<ReadOnlySpan<char>>();
        var anyBranch = false;
        foreach (var node in nodes)
        {
            anyBranch |= !node.IsLeaf;
            var name = node.Path.AsSpan(node.Path.LastIndexOf('.') + 1);
            if (!byName.TryGetValue(name, out var first) || Precedes(node, first))
            {
                byName[name] = node;
            }
        }

        return new FoldedFind([.. firsts.Values], nodes.Count, anyBranch);
    }

    /// <summary>Whether <paramref name="a"/> comes before <paramref name="b"/>: code-point path order, then branch first.</summary>
    public static bool Precedes(MetricNode a, MetricNode b)
    {
        var byPath = CodePointComparer.Instance.Compare(a.Path, b.Path);
        return byPath < 0 || (byPath == 0 && !a.IsLeaf && b.IsLeaf);
    }
}
