using FsCheck;
using FsCheck.Fluent;
using Mine.Compat.Python;
using Mine.Query.Targets;
using Xunit;

namespace Mine.Query.Tests.Targets;

public class TargetParserTests
{
    /// <summary>Renders a parse tree compactly so expectations read like the target.</summary>
    internal static string Show(TargetNode node) => node switch
    {
        PathNode p => $"path:{p.Path}",
        StringNode s => $"str:{s.Value}",
        NumberNode n => n.IsInteger ? $"int:{n.Value}" : $"float:{PythonFloat.Repr(n.Value)}",
        BooleanNode b => $"bool:{b.Value}",
        NoneNode => "none",
        CallNode c => $"{c.Name}({string.Join(", ", c.Arguments.Select(Show).Concat(c.KeywordArguments.Select(k => $"{k.Name}={Show(k.Value)}")))})",
        TemplateNode t => $"template[{Show(t.Inner)}; {string.Join(", ", t.Arguments.Select(Show).Concat(t.KeywordArguments.Select(k => $"{k.Name}={Show(k.Value)}")))}]",
        _ => "?",
    };

    [Theory]
    [InlineData("a.b.c", "path:a.b.c")]
    [InlineData("servers.web-*.cpu-{user,system}.value", "path:servers.web-*.cpu-{user,system}.value")]
    [InlineData("a.b[0-9].c?", "path:a.b[0-9].c?")]
    [InlineData(@"a.b\(x\).c", "path:a.b(x).c")]
    [InlineData("sumSeries(a.*)", "sumSeries(path:a.*)")]
    [InlineData("sumSeries( a.* , b.c )", "sumSeries(path:a.*, path:b.c)")]
    [InlineData("scale(a,2)", "scale(path:a, int:2)")]
    [InlineData("scale(a,-2.5)", "scale(path:a, float:-2.5)")]
    [InlineData("scale(a,1e3)", "scale(path:a, float:1000.0)")]
    [InlineData("scale(a,1.5E-2)", "scale(path:a, float:0.015)")]
    [InlineData("f(a,404s)", "f(path:a, path:404s)")]
    [InlineData("f(a,1.2.3)", "f(path:a, path:1.2.3)")]
    [InlineData("f(a,true,False,None,inf)", "f(path:a, bool:True, bool:False, none, float:inf)")]
    [InlineData("f(a,trueish)", "f(path:a, path:trueish)")]
    [InlineData("aliasSub(a, \"(^.*$)\", \"\\1 A\")", "aliasSub(path:a, str:(^.*$), str:\\1 A)")]
    [InlineData("alias(a,'it''s')", "alias(path:a, str:it''s)")]
    [InlineData("f(a, n=1, s=\"x\")", "f(path:a, n=int:1, s=str:x)")]
    [InlineData("a.b|aliasByNode(1)|movingAverage(\"5min\")", "movingAverage(aliasByNode(path:a.b, int:1), str:5min)")]
    [InlineData("sumSeries(a) | scale(2)", "scale(sumSeries(path:a), int:2)")]
    [InlineData("f()", "f()")]
    [InlineData("template(a.$x.c, x=\"b\")", "template[path:a.$x.c; x=str:b]")]
    [InlineData("template(sumSeries(a.$1), 5, \"y\")", "template[sumSeries(path:a.$1); int:5, str:y]")]
    [InlineData("template(a.$x)", "template[path:a.$x; ]")]
    [InlineData("template(a.$x, x=b.c)", "template(path:a.$x, x=path:b.c)")]
    [InlineData("seriesByTag('name=cpu', 'dc=~la.*')", "seriesByTag(str:name=cpu, str:dc=~la.*)")]
    [InlineData("a.b;tag=v", "path:a.b;tag=v")]
    public void Parses_like_graphite_web(string target, string expected) => Assert.Equal(expected, Show(TargetParser.Parse(target)));

    [Theory]
    [InlineData("", "expected a metric path")]
    [InlineData("sumSeries(a.*", "missing ')'")]
    [InlineData("f(a,)", "expected a metric path")]
    [InlineData("f(x=1, a)", "positional argument after keyword argument 'x'")]
    [InlineData("a..b", "empty path element")]
    [InlineData("a.b)", "unexpected text")]
    [InlineData("f(a, \"open)", "unterminated string")]
    [InlineData("a|b", "must be followed by a function call")]
    [InlineData("a.{b,}", "empty alternative")]
    public void Bad_targets_say_what_and_where(string target, string reason)
    {
        var error = Assert.Throws<QueryArgumentException>(() => TargetParser.Parse(target));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("position", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_only_ever_raises_a_query_error()
    {
        var alphabet = "ab.*(){}[],'\"\\|=-1e5 \t_$;~".ToCharArray();
        var garbage = Gen.ArrayOf(Gen.Elements(alphabet)).Select(chars => new string(chars));
        Prop.ForAll(garbage.ToArbitrary(), text =>
        {
            try
            {
                TargetParser.Parse(text);
            }
            catch (QueryArgumentException)
            {
            }
        }).QuickCheckThrowOnFailure();
    }
}
