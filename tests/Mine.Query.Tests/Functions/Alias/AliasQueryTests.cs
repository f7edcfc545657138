using Xunit;
using static Mine.Query.Tests.Functions.Alias.ReferenceSeries;

namespace Mine.Query.Tests.Functions.Alias;

public class AliasQueryTests
{
    [Theory]
    [InlineData("aliasQuery(alias-special.chan.power.*, \"power\", \"frequency\", \"Channel %d MHz\")", "Channel 300 MHz " + Power + "\nChannel 2412 MHz " + Power)]
    [InlineData(@"aliasQuery(alias-special.chan.power.*, ""alias-special\.chan\.power\.([0-9]+)"", ""alias-special.chan.frequency.\1"", ""Ch %s"")", "Ch 300.0 " + Power + "\nCh 2412.7 " + Power)]
    public void Names_from_the_last_value_of_the_query(string target, string expected)
        => Assert.Equal(expected, FunctionTestKit.Describe(Kit().Evaluate(target)));

    [Theory]
    [InlineData("<%.3f>", "<2412.700>")]
    [InlineData("<%5.1e>", "<2.4e+03>")]
    [InlineData("<%g %%>", "<2412.7 %>")]
    [InlineData("<%+08.2f>", "<+2412.70>")]
    [InlineData("<%-8d|>", "<2412    |>")]
    [InlineData("<%r>", "<2412.7>")]
    [InlineData("<%.2s>", "<24>")]
    [InlineData("<%#.0f>", "<2413.>")]
    [InlineData("<%E>", "<2.412700E+03>")]
    [InlineData("<%010.3g>", "<002.41e+03>")]
    [InlineData("<%i>", "<2412>")]
    [InlineData("<% d>", "< 2412>")]
    public void Formats_like_python_percent(string newName, string expected)
    {
        var result = Kit().Evaluate($"aliasQuery(alias-special.chan.power.2, \"power\", \"frequency\", \"{newName}\")");
        Assert.Equal(expected, Assert.Single(result).Name);
    }

    [Theory]
    [InlineData("aliasQuery(alias-special.chan.power.1, \"power\", \"nothing\", \"x %d\")", "No series found with query: alias-special.chan.nothing.1")]
    [InlineData("aliasQuery(alias-special.chan.power.1, \"power\", \"frequency\", \"%d %d\")", "not enough arguments for format string")]
    [InlineData("aliasQuery(alias-special.chan.power.1, \"power\", \"frequency\", \"no format\")", "not all arguments converted during string formatting")]
    [InlineData("aliasQuery(alias-special.chan.power.1, \"power\", \"frequency\", \"%x\")", "%x format: an integer is required, not float")]
    [InlineData("aliasQuery(alias-special.chan.power.1, \"power\", \"zero\", \"%d\")", "No series found with query: alias-special.chan.zero.1")]
    public void Failures_are_400s(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_query_without_a_last_value_fails()
    {
        var kit = Kit().Add("empty.power", double.NaN).Add("empty.frequency", double.NaN);
        var error = Assert.Throws<QueryArgumentException>(() => kit.Evaluate("aliasQuery(empty.power, 'power', 'frequency', '%d')"));
        Assert.Contains("Cannot get last value of series: empty.frequency", error.Message, StringComparison.Ordinal);
    }
}
