using System.Buffers;
using System.Text;
using Mine.Core.Series;
using Mine.Core.Text;
using Mine.Query.Find;

namespace Mine.Query.Tests.Find;

/// <summary>treejson keeps the first node of each name in find_view's order without sorting every match: on random
/// trees (names repeated under many paths, a path both branch and leaf, names outside the BMP) its bytes are those of
/// sorting every node and keeping the first of each name.</summary>
public sealed class TreeJsonFoldTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Folding_in_one_pass_writes_what_sorting_every_match_writes(int seed)
    {
        var random = new Random(seed);
        string[] names = ["a", "b", "cpu-user", "cpu-idle", "z+1", "%41", "é", "\U0001F600x", "\uFFFDy", "A"];
        var nodes = new List<MetricNode>();
        for (var i = 0; i < 2000; i++)
        {
            var path = $"servers.{names[random.Next(names.Length)]}{random.Next(50)}.{names[random.Next(names.Length)]}";
            var kind = random.Next(3);
            if (kind != 1)
            {
                nodes.Add(new MetricNode(path, IsLeaf: false));
            }

            if (kind != 0)
            {
                nodes.Add(new MetricNode(path, IsLeaf: true));
            }
        }

        nodes = [.. nodes.OrderBy(_ => random.Next())]; // whatever order the store gives
        foreach (var wildcards in new[] { false, true })
        {
            var output = new ArrayBufferWriter<byte>();
            FindFormats.WriteTreeJson(output, nodes, "servers.*.*", wildcards, new MetricsJsonOptions());
            Assert.Equal(Reference(nodes, "servers.*.", wildcards), Encoding.UTF8.GetString(output.WrittenSpan));
        }
    }

    /// <summary>find_view then tree_json, literally: sort by (name, path, branch first), keep the first of each name,
    /// branches then leaves.</summary>
    private static string Reference(List<MetricNode> nodes, string basePath, bool wildcards)
    {
        var sorted = nodes.ToArray();
        Array.Sort(sorted, static (a, b) =>
        {
            var byName = CodePointComparer.Instance.Compare(a.Name, b.Name);
            var byPath = CodePointComparer.Instance.Compare(a.Path, b.Path);
            return byName != 0 ? byName : byPath != 0 ? byPath : a.IsLeaf.CompareTo(b.IsLeaf);
        });
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var firsts = sorted.Where(n => seen.Add(n.Name)).ToList();
        var entries = new List<string>();
        if (sorted.Length > 1 && wildcards)
        {
            entries.Add(Entry("*", basePath + "*", sorted.All(static n => n.IsLeaf)));
        }

        entries.AddRange(firsts.Where(static n => !n.IsLeaf).Select(n => Entry(Unquote(n.Name), basePath + n.Name, false)));
        entries.AddRange(firsts.Where(static n => n.IsLeaf).Select(n => Entry(Unquote(n.Name), basePath + n.Name, true)));
        return "[" + string.Join(", ", entries) + "]";
    }

    private static string Unquote(string name) => UrlText.UnquotePlus(name);

    private static string Entry(string text, string id, bool leaf) =>
        $"{{\"text\": {PythonJson(text)}, \"id\": {PythonJson(id)}, \"allowChildren\": {(leaf ? 0 : 1)}, \"expandable\": {(leaf ? 0 : 1)}, \"leaf\": {(leaf ? 1 : 0)}}}";

    /// <summary>json.dumps of a str (ensure_ascii): non-ASCII as \uXXXX escapes of its UTF-16 units.</summary>
    private static string PythonJson(string text)
    {
        var json = new StringBuilder("\"");
        foreach (var c in text)
        {
            json.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' or > '~' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return json.Append('"').ToString();
    }
}
