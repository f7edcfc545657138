using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class AddOffsetTests
{
    [Theory]
    [InlineData("add(a.b,-0.5)", "add(a.b,0) [0.5, None, -2.0, 3.5, 0.0, None, None, 7.5, 1.75, -3.5]")]
    [InlineData("add(a.b,1.5)", "add(a.b,1) [2.5, None, 0.0, 5.5, 2.0, None, None, 9.5, 3.75, -1.5]")]
    [InlineData("add(a.*,-2)", "add(a.b,-2) [-1.0, None, -3.5, 2.0, -1.5, None, None, 6.0, 0.25, -5.0]\nadd(a.c,-2) [8.0, 18.0, 28.0, 23.0, 3.0, None, 38.0, 98.0, 1.0, 5.0]")]
    [InlineData("add(a.b,1e7)", "add(a.b,10000000) [10000001.0, None, 9999998.5, 10000004.0, 10000000.5, None, None, 10000008.0, 10000002.25, 9999997.0]")]
    [InlineData("offset(a.b,1.5)", "offset(a.b,1.5) [2.5, None, 0.0, 5.5, 2.0, None, None, 9.5, 3.75, -1.5]")]
    [InlineData("offset(a.b,-2)", "offset(a.b,-2) [-1.0, None, -3.5, 2.0, -1.5, None, None, 6.0, 0.25, -5.0]")]
    [InlineData("offset(a.b,1e7)", "offset(a.b,1e+07) [10000001.0, None, 9999998.5, 10000004.0, 10000000.5, None, None, 10000008.0, 10000002.25, 9999997.0]")]
    public void Adds_the_constant_and_names_like_graphite_web(string target, string expected)
        => Assert.Equal(expected, TransformData.Run(target));

    [Theory]
    [InlineData("add(a.b,1.5)", "add", "1.5")]
    [InlineData("add(a.b,-2)", "add", "-2.0")]
    [InlineData("offset(a.b,1e7)", "offset", "10000000.0")]
    public void Tags_the_constant_as_python_str(string target, string tag, string value)
        => Assert.Equal(value, Assert.Single(TransformData.Kit().Evaluate(target)).Tags[tag]);

    [Fact]
    public void Add_of_an_infinite_constant_cannot_be_named()
        => Assert.Contains("cannot convert float inf to integer", TransformData.Error("add(a.b,1e999)"), StringComparison.Ordinal);
}
