namespace Mine.Query.Tests.Functions.FilterSeries;

public class RegexFiltersTests
{
    // Named (and ordered) as graphite-web returned them from whisper files, so patterns see the same names.
    private static FunctionTestKit Kit()
    {
        var kit = new FunctionTestKit();
        foreach (var name in new[] { "Server3", "db1a", "server02", "server1", "server10x20", "server11", "server2", "web-7", "web_7" })
        {
            kit.Add("filter.f.r." + name, 1);
        }

        return kit;
    }

    [Theory]
    [InlineData("grep(filter.f.r.*,'server\\d$')", "server1 server2")]
    [InlineData("grep(filter.f.r.*,'(?i)SERVER3')", "Server3")]
    [InlineData("exclude(filter.f.r.*,'(?P<x>server)1')", "Server3 db1a server02 server2 web-7 web_7")]
    [InlineData("grep(filter.f.r.*,'(?P<x>\\d)(?P=x)')", "server11")]
    [InlineData("grep(filter.f.r.*,'x{,3}20')", "server10x20")]
    [InlineData("grep(filter.f.r.*,'a{,}')", "Server3 db1a server02 server1 server10x20 server11 server2 web-7 web_7")]
    [InlineData("grep(filter.f.r.*,'2\\Z')", "server02 server2")]
    [InlineData("grep(filter.f.r.*,'^server')", "")]
    [InlineData("grep(filter.f.r.*,'r\\.s')", "server02 server1 server10x20 server11 server2")]
    [InlineData("grep(filter.f.r.*,'[-_]7')", "web-7 web_7")]

    // Python has no class subtraction: this is the class [a-z-[aeiou] followed by a literal ']'.
    [InlineData("grep(filter.f.r.*,'[a-z-[aeiou]]')", "")]
    [InlineData("grep(filter.f.r.*,'[]x]')", "server10x20")]
    [InlineData("grep(filter.f.r.*,'web(?=_)')", "web_7")]
    [InlineData("grep(filter.f.r.*,'(?<!e)r1')", "")]
    [InlineData("grep(filter.f.r.*,'\\bweb')", "web-7 web_7")]
    [InlineData("grep(filter.f.r.*,'\\w-')", "web-7")]
    [InlineData("grep(filter.f.r.*,'(a)?b(?(1)x|1)')", "db1a")]
    [InlineData("grep(filter.f.r.*,'(?x) d b 1  # comment')", "db1a")]
    [InlineData("grep(filter.f.r.*,'(?#com[ment)db')", "db1a")]
    [InlineData("exclude(filter.f.r.*,'e')", "")]
    [InlineData("exclude(filter.f.r.*,'server')", "Server3 db1a web-7 web_7")]
    [InlineData("grep(filter.f.r.*,pattern='web')", "web-7 web_7")]
    public void Match_names_with_python_regular_expressions(string target, string expected)
    {
        Assert.Equal(expected, SampleSeries.Names(Kit().Evaluate(target)));
    }

    [Theory]

    // Errors in Python's re, not all of them errors in .NET.
    [InlineData("grep(filter.f.r.*,'a(?i)b')")]
    [InlineData("grep(filter.f.r.*,'(?<n>a)')")]
    [InlineData("grep(filter.f.r.*,'(a)|\\2')")]
    [InlineData("grep(filter.f.r.*,'[')")]
    [InlineData("exclude(filter.f.r.*,'(')")]

    // The pattern is compiled even when there is nothing to filter.
    [InlineData("grep(nothing.*,'[')")]
    [InlineData("grep(filter.f.r.*)")]
    public void Invalid_patterns_are_errors(string target)
    {
        Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
    }
}
