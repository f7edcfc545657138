using System.Buffers;
using Mine.Compat.Python;
using Mine.Core.Series;
using Mine.Core.Text;

namespace Mine.Query.Find;

/// <summary>
/// /metrics/find response bodies as graphite-web 1.1.8's metrics/views.py writes them (find_view, tree_json,
/// nodes_by_position, json_nodes, json_response_for). Every writer first orders the nodes like find_view's
/// <c>matches.sort(key=lambda node: node.name)</c>: by last path component only. graphite-web's order among
/// equal names is random (the store shuffles before sorting); here it is path, then branch before leaf.
/// </summary>
public static partial class FindFormats
{
    private static readonly Comparison<MetricNode> ByName = (a, b) =>
    {
        var byName = CodePointComparer.Instance.Compare(a.Name, b.Name);
        if (byName != 0)
        {
            return byName;
        }

        var byPath = CodePointComparer.Instance.Compare(a.Path, b.Path);
        return byPath != 0 ? byPath : a.IsLeaf.CompareTo(b.IsLeaf);
    };

    /// <summary>find_view's base_path: the query up to and including its last '.', or "" without one.</summary>
    public static string BasePath(string query)
    {
        var dot = query.LastIndexOf('.');
        return dot < 0 ? "" : query[..(dot + 1)];
    }

    /// <summary>
    /// The query format=completer actually runs: ".." becomes "*.", a trailing "*" is added, and with
    /// automatic_variants each dot-part holding ',' but no '{' is wrapped in braces.
    /// </summary>
    public static string CompleterQuery(string query, bool automaticVariants)
    {
        query = query.Replace("..", "*.", StringComparison.Ordinal);
        if (!query.EndsWith('*'))
        {
            query += "*";
        }

        if (automaticVariants)
        {
            var parts = query.Split('.');
            for (var i = 0; i < parts.Length; i++)
            {
                if (parts[i].Contains(',', StringComparison.Ordinal) && !parts[i].Contains('{', StringComparison.Ordinal))
                {
                    parts[i] = "{" + parts[i] + "}";
                }
            }

            query = string.Join('.', parts);
        }

        return query;
    }

    /// <summary>
    /// format=treejson (the default), tree_json(): <c>[{"text", "id", "allowChildren", "expandable", "leaf"}]</c>,
    /// branches then leaves, one entry per distinct name; "text" is the name passed through
    /// <c>unquote_plus</c> ('+' → space, %XX decoded), "id" is base path + name. With <paramref name="wildcards"/>
    /// and more than one match a leading <c>{"text": "*", "id": base + "*"}</c> entry is added, a branch if any
    /// match is one.
    /// </summary>
    /// <param name="query">The query as requested (its base path prefixes every id).</param>
    public static void WriteTreeJson(IBufferWriter<byte> output, IReadOnlyList<MetricNode> nodes, string query, bool wildcards, MetricsJsonOptions options)
        => WriteTreeJson(output, FoldedFind.Of(nodes), query, wildcards, options);

    /// <summary>format=treejson from matches already folded by name (<see cref="Core.Ports.ISeriesIndex.FindFolded"/>):
    /// the answer costs the few names, not every match (41,600 fleet-wide cpu series fold into 8 names).</summary>
    public static void WriteTreeJson(IBufferWriter<byte> output, FoldedFind folded, string query, bool wildcards, MetricsJsonOptions options)
    {
        // One entry per distinct name, the first in find_view's order.
        var firsts = folded.Firsts.ToArray();
        Array.Sort(firsts, ByName);
        var basePath = BasePath(query);
        var json = Begin(output, options);
        json.StartArray();
        if (folded.Matched > 1 && wildcards)
        {
            WriteTreeNode(json, "*", basePath + "*", isLeaf: !folded.AnyBranch);
        }

        foreach (var branch in firsts.Where(static n => !n.IsLeaf))
        {
            WriteTreeNode(json, UrlText.UnquotePlus(branch.Name), basePath + branch.Name, isLeaf: false);
        }

        foreach (var leaf in firsts.Where(static n => n.IsLeaf))
        {
            WriteTreeNode(json, UrlText.UnquotePlus(leaf.Name), basePath + leaf.Name, isLeaf: true);
        }

        json.EndArray();
        End(output, options);
    }

    /// <summary>
    /// format=completer: <c>{"metrics": [{"path", "name", "is_leaf": "0"|"1"}]}</c> for every match (no
    /// de-duplication), branch paths ending in '.'; with <paramref name="wildcards"/> and more than one match a
    /// final <c>{"name": "*"}</c>. Run the query through <see cref="CompleterQuery"/> first.
    /// </summary>
    public static void WriteCompleter(IBufferWriter<byte> output, IReadOnlyList<MetricNode> nodes, bool wildcards, MetricsJsonOptions options)
    {
        var sorted = Sort(nodes);
        var json = Begin(output, options);
        json.StartObject();
        json.WritePropertyName("metrics");
        json.StartArray();
        foreach (var node in sorted)
        {
            json.StartObject();
            json.WritePropertyName("path");
            json.WriteString(node.IsLeaf ? node.Path : node.Path + ".");
            json.WritePropertyName("name");
            json.WriteString(node.Name);
            json.WritePropertyName("is_leaf");
            json.WriteString(node.IsLeaf ? "1" : "0");
            json.EndObject();
        }

        if (sorted.Length > 1 && wildcards)
        {
            json.StartObject();
            json.WritePropertyName("name");
            json.WriteString("*");
            json.EndObject();
        }

        json.EndArray();
        json.EndObject();
        End(output, options);
    }

    /// <summary>
    /// format=json, json_nodes(): <c>[{"path", "is_leaf": bool, "intervals": [{"start", "end"}]}]</c> sorted by
    /// path; only leaves carry "intervals", the spans <paramref name="intervalsOf"/> gives for each.
    /// </summary>
    public static void WriteJson(IBufferWriter<byte> output, IReadOnlyList<MetricNode> nodes, Func<MetricNode, IReadOnlyList<FindInterval>> intervalsOf, MetricsJsonOptions options)
    {
        ArgumentNullException.ThrowIfNull(intervalsOf);
        var sorted = Sort(nodes);
        var byPath = sorted.OrderBy(node => node.Path, CodePointComparer.Instance);
        var json = Begin(output, options);
        json.StartArray();
        foreach (var node in byPath)
        {
            json.StartObject();
            json.WritePropertyName("path");
            json.WriteString(node.Path);
            json.WritePropertyName("is_leaf");
            json.WriteBoolean(node.IsLeaf);
            if (node.IsLeaf)
            {
                json.WritePropertyName("intervals");
                json.StartArray();
                foreach (var interval in intervalsOf(node))
                {
                    json.StartObject();
                    json.WritePropertyName("start");
                    json.WriteFloat(interval.Start);
                    json.WritePropertyName("end");
                    json.WriteFloat(interval.End);
                    json.EndObject();
                }

                json.EndArray();
            }

            json.EndObject();
        }

        json.EndArray();
        End(output, options);
    }

    /// <summary>
    /// format=nodelist, nodes_by_position(): <c>{"nodes": [...]}</c>, the distinct dot-parts at
    /// <paramref name="position"/> (Python indexing: -1, the default, is the last part), sorted.
    /// </summary>
    /// <exception cref="QueryArgumentException">A path has no part at that position (graphite-web: IndexError, 500).</exception>
    public static void WriteNodeList(IBufferWriter<byte> output, IReadOnlyList<MetricNode> nodes, int position, MetricsJsonOptions options)
    {
        var parts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var segments = node.Path.Split('.');
            var index = position < 0 ? segments.Length + position : position;
            if (index < 0 || index >= segments.Length)
            {
                throw new QueryArgumentException("list index out of range") { Input = node.Path };
            }

            parts.Add(segments[index]);
        }

        var json = Begin(output, options);
        json.StartObject();
        json.WritePropertyName("nodes");
        json.StartArray();
        foreach (var part in parts.Order(CodePointComparer.Instance))
        {
            json.WriteString(part);
        }

        json.EndArray();
        json.EndObject();
        End(output, options);
    }

    internal static PythonJsonWriter Begin(IBufferWriter<byte> output, MetricsJsonOptions options)
    {
        if (options.Callback is { } callback)
        {
            output.WriteUtf8(callback);
            output.WriteByte((byte)'(');
        }

        return new PythonJsonWriter(output, options.EnsureAscii, options.Pretty ? 2 : 0);
    }

    internal static void End(IBufferWriter<byte> output, MetricsJsonOptions options)
    {
        if (options.Callback is not null)
        {
            output.WriteByte((byte)')');
        }
    }

    private static MetricNode[] Sort(IReadOnlyList<MetricNode> nodes)
    {
        var sorted = nodes.ToArray();
        Array.Sort(sorted, ByName);
        return sorted;
    }

    private static void WriteTreeNode(PythonJsonWriter json, string text, string id, bool isLeaf)
    {
        json.StartObject();
        json.WritePropertyName("text");
        json.WriteString(text);
        json.WritePropertyName("id");
        json.WriteString(id);
        json.WritePropertyName("allowChildren");
        json.WriteInt64(isLeaf ? 0 : 1);
        json.WritePropertyName("expandable");
        json.WriteInt64(isLeaf ? 0 : 1);
        json.WritePropertyName("leaf");
        json.WriteInt64(isLeaf ? 1 : 0);
        json.EndObject();
    }
}
