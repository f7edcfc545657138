using Xunit;

namespace Mine.Query.Tests.Functions.Alias;

public class ChangeCaseTests
{
    [Theory]
    [InlineData("upper(Server01.cpu.Load)", "SERVER01.CPU.LOAD")]
    [InlineData("lower(Server01.cpu.Load)", "server01.cpu.load")]
    [InlineData("toUpperCase(Server01.cpu.Load)", "SERVER01.CPU.LOAD")]
    [InlineData("toLowerCase(Server01.cpu.Load)", "server01.cpu.load")]
    [InlineData("upper(Server01.cpu.Load, 9, -1, 100)", "Server01.Cpu.LoaD")]
    [InlineData("lower(Server01.cpu.Load, 0, -4, -100)", "server01.cpu.load")]
    [InlineData("Server01.cpu.Load|upper(1)", "SErver01.cpu.Load")]
    public void Changes_the_case_of_names(string target, string expected)
    {
        var kit = new FunctionTestKit().Add("Server01.cpu.Load", 1, 2);
        var series = Assert.Single(kit.Evaluate(target));
        Assert.Equal(expected, series.Name);
        Assert.Equal([1.0, 2.0], series.Values);
    }

    [Fact]
    public void Positions_must_be_integers()
    {
        var kit = new FunctionTestKit().Add("a", 1);
        var error = Assert.Throws<QueryArgumentException>(() => kit.Evaluate("upper(a, 1.5)"));
        Assert.StartsWith("Invalid \"integer\" value specified for function \"upper\" parameter \"pos\"", error.Message, StringComparison.Ordinal);
    }
}
