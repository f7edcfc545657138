using Mine.Core.Series;
using Mine.Storage.Index;

namespace Mine.Storage.Tests.Index;

/// <summary>Hand-written glob cases; the graphite-web comparison is in <see cref="GraphiteGlobOracleTests"/>.</summary>
public class MetricNameIndexFindTests
{
    private static readonly string[] Names =
    [
        "servers.web-001.cpu-0.cpu-user", "servers.web-001.cpu-0.cpu-idle", "servers.web-001.cpu-1.cpu-user",
        "servers.web-002.cpu-0.cpu-user", "servers.db-001.cpu-0.cpu-user", "servers.web.cpu-0.cpu-user",
        "a.b", "a.b.c", "a.bc", "a.b-c", "carbon.agents.x.cache.size",
    ];

    private static readonly MetricNameIndex Index = Build(Names);

    [Theory]
    [InlineData("servers.*", "B:servers.db-001 B:servers.web B:servers.web-001 B:servers.web-002")]
    [InlineData("servers.web-00?.cpu-0.cpu-user", "L:servers.web-001.cpu-0.cpu-user L:servers.web-002.cpu-0.cpu-user")]
    [InlineData("servers.[dw]*-001.cpu-0.cpu-user", "L:servers.db-001.cpu-0.cpu-user L:servers.web-001.cpu-0.cpu-user")]
    [InlineData("servers.web-00[!1].*", "B:servers.web-002.cpu-0")]
    [InlineData("servers.web-00[1-2].cpu-1.*", "L:servers.web-001.cpu-1.cpu-user")]
    [InlineData("servers.{web,db}-001.cpu-0.cpu-user", "L:servers.db-001.cpu-0.cpu-user L:servers.web-001.cpu-0.cpu-user")]
    [InlineData("servers.{web-{001,002},db-001}.cpu-0.cpu-user", "L:servers.db-001.cpu-0.cpu-user L:servers.web-001.cpu-0.cpu-user L:servers.web-002.cpu-0.cpu-user")]
    [InlineData("servers.{web-001.cpu-1,db-001.cpu-0}.*", "L:servers.db-001.cpu-0.cpu-user L:servers.web-001.cpu-1.cpu-user")]
    [InlineData("{servers.web,a}.*", "B:a.b L:a.b L:a.b-c L:a.bc B:servers.web.cpu-0")]
    [InlineData("a.b", "B:a.b L:a.b")]
    [InlineData("a.*", "B:a.b L:a.b L:a.b-c L:a.bc")]
    [InlineData("a.b*", "B:a.b L:a.b L:a.b-c L:a.bc")]
    [InlineData("a.{bc,b}", "B:a.b L:a.b L:a.bc")]
    [InlineData("servers.web-001", "B:servers.web-001")]
    [InlineData("servers.web-001.cpu-0.cpu-user.more", "")]
    [InlineData("servers.*.*.*.*", "")]
    [InlineData("servers..web", "")]
    [InlineData("servers.", "")]
    [InlineData("", "")]
    [InlineData("nothing", "")]
    [InlineData("servers.web-001.cpu-\\*.cpu-user", "L:servers.web-001.cpu-0.cpu-user L:servers.web-001.cpu-1.cpu-user")]
    public void Find_returns_branches_and_leaves_in_path_order(string glob, string expected)
    {
        var actual = string.Join(' ', Index.Find(glob).Select(n => (n.IsLeaf ? "L:" : "B:") + n.Path));

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(4, 4)]
    [InlineData(5, 4)]
    public void Limit_stops_the_walk(int limit, int expectedCount)
    {
        var found = Index.Find("a.*", limit);

        Assert.Equal(expectedCount, found.Count);
        Assert.Equal(Index.Find("a.*").Take(expectedCount), found); // the first nodes in order
    }

    [Fact]
    public void Limit_plus_one_tells_the_caller_the_query_is_too_big()
    {
        const int maxNodes = 3;

        var found = Index.Find("servers.*", maxNodes + 1);

        Assert.True(found.Count > maxNodes); // the caller answers HTTP 400 "too many series"
    }

    [Fact]
    public void Limit_applies_across_dot_spanning_variants()
    {
        Assert.Equal(2, Index.Find("{servers.web,a}.*", 2).Count);
        Assert.Single(Index.FindLeaves("{a.b,a.bc}", 1));
    }

    [Fact]
    public void FindLeaves_skips_branches_and_counts_only_leaves_for_the_limit()
    {
        Assert.Equal([new SeriesHandle("a.b", 6), new SeriesHandle("a.b-c", 9)], Index.FindLeaves("a.*", 2));
    }

    [Fact]
    public void Tagged_patterns_are_exact_lookups_outside_the_tree()
    {
        var index = Build(["disk.used;dc=dc1;server=web-01", "disk.used"]);

        Assert.Equal([new MetricNode("disk.used;dc=dc1;server=web-01", true)], index.Find("disk.used;dc=dc1;server=web-01"));
        Assert.Equal([new SeriesHandle("disk.used;dc=dc1;server=web-01", 0)], index.FindLeaves("disk.used;dc=dc1;server=web-01"));
        Assert.Empty(index.Find("disk.used;dc=*"));
        Assert.Equal([new MetricNode("disk.used", true)], index.Find("disk.*")); // the tagged one is not in the tree
    }

    [Fact]
    public void Brace_explosion_is_refused_with_a_clear_error()
    {
        var glob = string.Join('.', Enumerable.Repeat("{a,b,c,d,e,f,g,h,i,j}{0,1,2,3,4,5,6,7,8,9}{x,y}", 2)) + "{.p,.q}";
        var component = string.Concat(Enumerable.Repeat("{a,b,c,d,e,f,g,h,i,j}", 5));

        Assert.Empty(Index.Find(glob)); // 200 per component is fine
        var error = Assert.Throws<GlobTooComplexException>(() => Index.Find(component));
        Assert.Contains("10000", error.Message.Replace(",", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Many_siblings_use_the_sorted_view_and_merge_new_ones_in_order()
    {
        var index = new MetricNameIndex();
        var id = 0;
        foreach (var host in Enumerable.Range(0, 300).Select(i => $"web-{i * 2:D3}"))
        {
            index.TryAdd($"servers.{host}.load", id++);
        }

        Assert.Equal(300, index.Find("servers.web-*").Count); // builds and caches the sorted view

        // Names arriving after the view was built land in the unsorted tail and must still come out in order,
        // including the '-' vs '.' cases (web-010-b.load sorts before web-010.load).
        foreach (var name in new[] { "servers.web-001.load", "servers.web-010-b.load", "servers.web.load", "servers.weba.load" })
        {
            index.TryAdd(name, id++);
        }

        foreach (var glob in new[] { "servers.web*.load", "servers.web-01*.load", "servers.*", "servers.w*" })
        {
            var paths = index.Find(glob).Select(n => n.Path).ToList();
            Assert.Equal(paths.Order(StringComparer.Ordinal), paths);
        }

        Assert.Equal(
            ["servers.web-010-b.load", "servers.web-010.load", "servers.web-012.load"],
            index.Find("servers.web-01[02]*.load").Select(n => n.Path));
        Assert.Equal(304, index.Find("servers.web*.load").Count);
    }

    [Theory]
    [InlineData("servers.web-0*")]
    [InlineData("servers.web-0[0-4]?")]
    [InlineData("servers.{web-01*,web-1*}")]
    [InlineData("servers.*1")]
    public void Prefix_skipping_finds_the_same_as_a_full_scan(string glob)
    {
        var index = new MetricNameIndex();
        var names = Enumerable.Range(0, 500).Select(i => $"servers.{(i % 3 == 0 ? "db" : "web")}-{i:D3}").ToList();
        for (var i = 0; i < names.Count; i++)
        {
            index.TryAdd(names[i], i);
        }

        var component = glob["servers.".Length..];
        var expected = names
            .Where(n => BraceAlternatives(component).Any(p => FnMatchPattern.Compile(p).IsMatch(n.AsSpan("servers.".Length))))
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, index.Find(glob).Select(n => n.Path));
    }

    private static IEnumerable<string> BraceAlternatives(string component) =>
        component.StartsWith('{') ? component[1..^1].Split(',') : [component];

    private static MetricNameIndex Build(IEnumerable<string> names)
    {
        var index = new MetricNameIndex();
        var id = 0;
        foreach (var name in names)
        {
            Assert.True(index.TryAdd(name, id++));
        }

        return index;
    }
}
