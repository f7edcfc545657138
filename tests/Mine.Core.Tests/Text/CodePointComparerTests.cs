using Mine.Core.Text;

namespace Mine.Core.Tests.Text;

public sealed class CodePointComparerTests
{
    [Theory]
    [InlineData("a", "b", -1)]
    [InlineData("B", "a", -1)]
    [InlineData("ab", "a", 1)]
    [InlineData("\U0001F600", "\uFF21", 1)]
    [InlineData("\uFF21", "\U0001F600", -1)]
    [InlineData("\u00e9", "\U0001F600", -1)]
    public void Compare_orders_by_code_point(string left, string right, int expectedSign)
        => Assert.Equal(expectedSign, Math.Sign(CodePointComparer.Instance.Compare(left, right)));
}
