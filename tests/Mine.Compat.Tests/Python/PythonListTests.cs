using Mine.Compat.Python;
using Xunit;

namespace Mine.Compat.Tests.Python;

public sealed class PythonListTests
{
    private static readonly int[] Items = [10, 20, 30, 40];

    // Expected values are Python's [10, 20, 30, 40][start:stop].
    [Theory]
    [InlineData(0, 2, "10,20")]
    [InlineData(1, 4, "20,30,40")]
    [InlineData(-2, 4, "30,40")]
    [InlineData(0, -1, "10,20,30")]
    [InlineData(-9, 9, "10,20,30,40")]
    [InlineData(3, 1, "")]
    [InlineData(5, 9, "")]
    public void Slice_clamps_and_counts_negative_bounds_from_the_end(long start, long stop, string expected)
        => Assert.Equal(expected, string.Join(',', PythonList.Slice(Items, start, stop).ToArray()));

    [Theory]
    [InlineData(2, "10,20")]
    [InlineData(9, "10,20,30,40")]
    [InlineData(-1, "10,20,30")]
    [InlineData(-9, "")]
    public void Head_is_a_slice_up_to_n(long n, string expected)
        => Assert.Equal(expected, string.Join(',', PythonList.Head([.. Items], n)));

    [Theory]
    [InlineData(0, 10)]
    [InlineData(-1, 40)]
    [InlineData(-4, 10)]
    public void Item_counts_negative_indexes_from_the_end(long index, int expected)
        => Assert.Equal(expected, PythonList.Item(Items, index, message => new InvalidOperationException(message)));

    [Theory]
    [InlineData(4)]
    [InlineData(-5)]
    public void Item_out_of_range_is_an_error(long index)
        => Assert.Throws<InvalidOperationException>(() => PythonList.Item(Items, index, message => new InvalidOperationException(message)));
}
