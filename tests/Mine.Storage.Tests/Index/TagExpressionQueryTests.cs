using Mine.Core.Errors;
using Mine.Storage.Index;
using Mine.TestKit.Contract;

namespace Mine.Storage.Tests.Index;

/// <summary>
/// seriesByTag expressions over a fixed set of tagged series. Expected answers were taken from graphite-web 1.1.8's
/// /tags/findSeries after tagging the same series there (expressions joined by " &amp; ", names by spaces).
/// </summary>
public class TagExpressionQueryTests
{
    internal static IReadOnlyList<string> Fixture => TaggedSeriesFixture.Names;

    internal static TagIndex FixtureIndex()
    {
        var index = new TagIndex();
        for (var i = 0; i < Fixture.Count; i++)
        {
            index.Add(Fixture[i], i);
        }

        return index;
    }

    [Theory]
    [InlineData("dc=la", "disk.free;dc=la;host=a disk.used;dc=la;host=a disk.used;dc=la;host=b")]
    [InlineData("dc=la & host!=a", "disk.used;dc=la;host=b")]
    [InlineData("host=~a|b", "cpu.load;dc=ny;host=a;rack=r1 disk.free;dc=la;host=a disk.used;dc=la;host=a disk.used;dc=la;host=b q.expr;expr=a=b;host=a web.hits;dc=LA;host=b")]
    [InlineData("dc=~la", "disk.free;dc=la;host=a disk.used;dc=la;host=a disk.used;dc=la;host=b net.rx;dc=la-2;host=e")]
    [InlineData("dc=~^la$", "disk.free;dc=la;host=a disk.used;dc=la;host=a disk.used;dc=la;host=b")]
    [InlineData("dc=~^a|y", "cpu.load;dc=ny;host=a;rack=r1 disk.used;dc=ny;host=c")]
    [InlineData("rack= & name=~disk", "disk.free;dc=la;host=a disk.used;dc=la;host=a disk.used;dc=la;host=b disk.used;dc=ny;host=c")]
    [InlineData("rack!=", "cpu.load;dc=ny;host=a;rack=r1 cpu.load;dc=sf;env=prod;host=d;rack=r2")]
    [InlineData("rack!=r1 & name=cpu.load", "cpu.load;dc=sf;env=prod;host=d;rack=r2")]
    [InlineData("dc!=la & host=a", "cpu.load;dc=ny;host=a;rack=r1 q.expr;expr=a=b;host=a")]
    [InlineData("dc!=~l.* & host=~.", "cpu.load;dc=ny;host=a;rack=r1 cpu.load;dc=sf;env=prod;host=d;rack=r2 disk.used;dc=ny;host=c q.expr;expr=a=b;host=a web.hits;dc=LA;host=b")]
    [InlineData("dc!=~.* & host=a", "")]
    [InlineData("env=~.* & host=~d", "cpu.load;dc=sf;env=prod;host=d;rack=r2")]
    [InlineData("expr=a=b", "q.expr;expr=a=b;host=a")]
    [InlineData("name=disk.used", "disk.used;dc=la;host=a disk.used;dc=la;host=b disk.used;dc=ny;host=c")]
    [InlineData("name=~disk\\.(used|free) & dc=la", "disk.free;dc=la;host=a disk.used;dc=la;host=a disk.used;dc=la;host=b")]
    [InlineData("host=a & host=b", "")]
    [InlineData("dc=nowhere", "")]
    [InlineData("nosuchtag!=x & dc=ny", "cpu.load;dc=ny;host=a;rack=r1 disk.used;dc=ny;host=c")]
    [InlineData("dc=~(la|ny)$", "cpu.load;dc=ny;host=a;rack=r1 disk.free;dc=la;host=a disk.used;dc=la;host=a disk.used;dc=la;host=b disk.used;dc=ny;host=c")]
    [InlineData("dc!=~la & name=~cpu", "cpu.load;dc=ny;host=a;rack=r1 cpu.load;dc=sf;env=prod;host=d;rack=r2")]
    [InlineData("dc=~ & host=a", "cpu.load;dc=ny;host=a;rack=r1 disk.free;dc=la;host=a disk.used;dc=la;host=a q.expr;expr=a=b;host=a")]
    [InlineData("dc!=~ & host=a", "")]
    [InlineData("dc=~LA", "web.hits;dc=LA;host=b")]
    [InlineData("name=~.*load & rack=~r", "cpu.load;dc=ny;host=a;rack=r1 cpu.load;dc=sf;env=prod;host=d;rack=r2")]
    [InlineData("host!=a & host!=b & dc!=", "cpu.load;dc=sf;env=prod;host=d;rack=r2 disk.used;dc=ny;host=c net.rx;dc=la-2;host=e")]
    [InlineData("name=~(?P<n>disk)\\.(?P=n)* & host=b", "disk.used;dc=la;host=b")]
    public void Finds_what_graphite_web_finds(string expressions, string expected)
    {
        var found = TagExpressionQuery.Parse(expressions.Split(" & ")).Find(FixtureIndex());

        Assert.Equal(expected, string.Join(' ', found.Select(static f => f.Name)));
        Assert.All(found, f => Assert.Equal(f.Name, Fixture[(int)f.Key]));
    }

    [Theory]
    [InlineData("bad", "Invalid tagspec bad")]
    [InlineData("", "Invalid tagspec ")]
    [InlineData("=x", "Invalid tagspec =x")]
    [InlineData("a!b=c", "Invalid tagspec a!b=c")]
    [InlineData("a=b;c", "Invalid tagspec a=b;c")]
    [InlineData("a=~(", "Invalid regular expression '(' in tag expression 'a=~('")]
    [InlineData("a!=~[z-a]", "Invalid regular expression '[z-a]' in tag expression 'a!=~[z-a]'")]
    [InlineData("rack=", "At least one tagspec must not match the empty string")]
    [InlineData("dc!=la & rack=~.*", "At least one tagspec must not match the empty string")]
    [InlineData("dc!=~x", "At least one tagspec must not match the empty string")]
    [InlineData("bad & a=~(", "Invalid tagspec bad")]
    [InlineData("a=~( & bad", "Invalid regular expression '('")]
    public void Malformed_queries_are_refused_with_graphite_web_s_message(string expressions, string messageStart)
    {
        var error = Assert.Throws<MineUserException>(() => TagExpressionQuery.Parse(expressions.Split(" & ")));
        Assert.StartsWith(messageStart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_query_is_refused() =>
        Assert.Throws<MineUserException>(() => TagExpressionQuery.Parse([]));

    [Theory]
    [InlineData("dc=la", "dc", TagOperator.Equal, "la", false)]
    [InlineData("dc!=la", "dc", TagOperator.NotEqual, "la", true)]
    [InlineData("dc!=", "dc", TagOperator.NotEqual, "", false)]
    [InlineData("dc=", "dc", TagOperator.Equal, "", true)]
    [InlineData("dc=~l.*", "dc", TagOperator.Match, "l.*", false)]
    [InlineData("dc=~.*", "dc", TagOperator.Match, ".*", true)]
    [InlineData("dc!=~l.*", "dc", TagOperator.NotMatch, "l.*", true)]
    [InlineData("dc!=~x?", "dc", TagOperator.NotMatch, "x?", false)]
    [InlineData("dc==la", "dc", TagOperator.Equal, "=la", false)]
    [InlineData("dc=~=~", "dc", TagOperator.Match, "=~", false)]
    [InlineData("a b=c d", "a b", TagOperator.Equal, "c d", false)]
    public void Parses_tag_operator_and_spec(string text, string tag, TagOperator op, string spec, bool matchesEmpty)
    {
        var expression = TagExpression.Parse(text);

        Assert.Equal((tag, op, spec, matchesEmpty), (expression.Tag, expression.Operator, expression.Spec, expression.MatchesEmpty));
    }

    [Fact]
    public void The_limit_keeps_the_first_names_in_order()
    {
        var found = TagExpressionQuery.Parse(["host=~."]).Find(FixtureIndex(), limit: 2);

        Assert.Equal(["cpu.load;dc=ny;host=a;rack=r1", "cpu.load;dc=sf;env=prod;host=d;rack=r2"], found.Select(static f => f.Name));
    }

    [Fact]
    public void Names_sort_by_code_point_as_sqlite_does()
    {
        var index = new TagIndex();
        index.Add("m;k=\U0001F600", 1); // a surrogate pair: after U+FFFD by code point, before it in UTF-16
        index.Add("m;k=\uFFFD", 2);
        index.Add("m;k=z", 3);

        var found = TagExpressionQuery.Parse(["name=m"]).Find(index);

        Assert.Equal([3L, 2, 1], found.Select(static f => f.Key));
    }

    [Fact]
    public void A_runaway_regex_is_refused_instead_of_hanging()
    {
        var index = new TagIndex();
        index.Add("m;k=" + new string('a', 40) + "!", 1);

        var error = Assert.Throws<MineUserException>(() => TagExpressionQuery.Parse(["k=~(a+)+$"]).Find(index));
        Assert.Contains("simplify it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sees_series_added_after_parsing()
    {
        var index = FixtureIndex();
        var query = TagExpressionQuery.Parse(["dc=sf"]);
        index.Add("mem.free;dc=sf;host=z", 100);

        Assert.Equal(2, query.Find(index).Count);
    }
}
