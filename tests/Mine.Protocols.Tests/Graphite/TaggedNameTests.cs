using System.Text;
using Mine.Protocols.Graphite;
using Mine.Protocols.Tests.TestSupport;
using static Mine.Protocols.Tests.Graphite.PlaintextTestHarness;

namespace Mine.Protocols.Tests.Graphite;

/// <summary>Tagged paths are normalised like carbon's <c>TaggedSeries.parse(path).path</c>.</summary>
public class TaggedNameTests
{
    [Theory]
    [InlineData("a.b;k2=v2;k1=v1", "a.b;k1=v1;k2=v2")]
    [InlineData("a.b;k1=v1;k2=v2", "a.b;k1=v1;k2=v2")]
    [InlineData("a.b;z=1;a1=2;a=3;b-c=4", "a.b;a1=2;a=3;b-c=4;z=1")] // python3: sorted([';z=1', ';a1=2', ';a=3', ';b-c=4'])
    [InlineData("~~a.b;k=v", "a.b;k=v")] // the name loses leading '~'
    [InlineData("a.b;k=v;k=w", "a.b;k=w")] // the last repeated tag wins
    [InlineData("a.b;k=w;j=1;k=v", "a.b;j=1;k=v")]
    [InlineData("a.b;name=other;k=v", "a.b;k=v")] // an explicit name tag is replaced by the path's name
    [InlineData("a.b;name=other", "a.b")]
    [InlineData("a.b;k=v=w", "a.b;k=v=w")] // split at the first '='
    [InlineData("a.b;k=v~", "a.b;k=v~")]
    [InlineData("a.b;k=caf\u00c3\u00a9", "a.b;k=café")]
    public void CanonicalisesValidTaggedPaths(string path, string canonical)
    {
        var (points, counters) = ParseWhole(Bytes.Latin1(path + " 1 1700000000\n"));

        Assert.Equal(1, counters.Accepted);
        Assert.Equal(canonical, Assert.Single(points).Name);
    }

    [Theory]
    [InlineData("a.b;k=~v")] // values must not start with '~'
    [InlineData("a.b;k=")] // values must not be empty
    [InlineData("a.b;=v")] // tags must not be empty
    [InlineData("a.b;k")] // a segment needs '='
    [InlineData("a.b;")]
    [InlineData("a.b;;k=v")]
    [InlineData("a.b;k=v;")]
    [InlineData(";k=v")] // no name
    [InlineData("~~;k=v")] // the name is empty once '~' is stripped
    [InlineData("a.b;k!=v")] // tags must not contain ';!^='
    [InlineData("a.b;k^x=v")]
    public void RejectsMalformedTaggedPaths(string path)
    {
        var (points, counters) = ParseWhole(Bytes.Latin1(path + " 1 1700000000\n"));

        Assert.Empty(points);
        Assert.Equal(RejectReason.BadTag, counters.LastRejectReason);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(17)] // beyond insertion sort
    [InlineData(40)] // beyond the stack-allocated tag slots
    [InlineData(400)] // a long path (still under MetricNames.MaxBytes): pooled tag slots
    public void SortsManyTagsAsPythonSortsTheirSegments(int tagCount)
    {
        var random = new Random(tagCount);
        var tags = Enumerable.Range(0, tagCount)
            .Select(i => $"{(char)('a' + random.Next(3))}{random.Next(100)}{(i % 7 == 0 ? "-x" : "")}={i}")
            .ToList();
        var path = "m.e.t.r.i.c;" + string.Join(';', tags);
        var lastValueByTag = new Dictionary<string, string>();
        foreach (var tag in tags)
        {
            lastValueByTag[tag[..tag.IndexOf('=')]] = tag;
        }

        var expected = "m.e.t.r.i.c" + string.Concat(lastValueByTag.Values.Select(t => ";" + t).Order(StringComparer.Ordinal));

        var (points, _) = ParseWhole(Encoding.UTF8.GetBytes(path + " 1 1700000000\n"));

        Assert.Equal(expected, Assert.Single(points).Name);
    }

    [Theory]
    [InlineData("a", "a1")] // ";a=" sorts after ";a1=" because '=' > '1'
    [InlineData("a", "a-")]
    [InlineData("a", "aa")]
    [InlineData("ab", "a")]
    [InlineData("b", "a")]
    [InlineData("same", "same")]
    public void ComparesTagsLikePythonComparesSegments(string left, string right)
    {
        // The oracle is Python's ordering of the ";tag=value" strings, i.e. ordinal order of ";tag=".
        var expected = Math.Sign(string.CompareOrdinal(";" + left + "=", ";" + right + "="));

        var actual = TaggedNameCanonicalizer.CompareTags(Encoding.UTF8.GetBytes(left), Encoding.UTF8.GetBytes(right));

        Assert.Equal(expected, Math.Sign(actual));
    }
}
