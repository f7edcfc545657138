namespace Mine.Core.Series;

/// <summary>A node of the metric tree returned by a glob: a branch (has children) or a leaf (a stored series).</summary>
public readonly record struct MetricNode(string Path, bool IsLeaf)
{
    /// <summary>The last dot-separated component of the path.</summary>
    public string Name
    {
        get
        {
            var dot = Path.LastIndexOf('.');
            return dot < 0 ? Path : Path[(dot + 1)..];
        }
    }
}
