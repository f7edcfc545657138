using Mine.Query.Functions;
using Xunit;

namespace Mine.Query.Tests.Functions.Combine;

/// <summary>The series-by-series fast path of aggregate() gives exactly what the row-wise safe* reducers give.</summary>
public class AggregateColumnsTests
{
    [Theory]
    [InlineData("sum")]
    [InlineData("total")]
    [InlineData("average")]
    [InlineData("avg")]
    [InlineData("min")]
    [InlineData("max")]
    [InlineData("count")]
    public void Column_reduction_equals_row_reduction(string func)
    {
        var random = new Random(7);
        for (var round = 0; round < 130; round++)
        {
            var kit = new FunctionTestKit();
            var members = random.Next(1, 9);
            var length = 1 + (round % 13); // every remainder of the four-column steps
            var data = new double[members][];
            for (var m = 0; m < members; m++)
            {
                data[m] = [.. Enumerable.Range(0, length).Select(_ => Value(random))];
                kit.Add($"x.m{m:00}", data[m]);
            }

            var xff = round % 3 == 0 ? 0.5 : (double?)null;
            var result = kit.Evaluate(xff is null ? $"aggregate(x.*,\"{func}\")" : $"aggregate(x.*,\"{func}\",{xff})")[0].Values;
            var reduce = AggregationFunctions.Get(func);
            for (var t = 0; t < length; t++)
            {
                var row = data.Select(d => d[t]).ToArray();
                var nonNull = row.Count(v => !double.IsNaN(v));
                var expected = nonNull > 0 && (double)nonNull / row.Length >= (xff ?? 0) ? reduce(row) : double.NaN;
                if (!(double.IsNaN(expected) && double.IsNaN(result[t])))
                {
                    Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(result[t]));
                }
            }
        }
    }

    /// <summary>Mostly decimals, with None, signed zeros and infinities mixed in.</summary>
    private static double Value(Random random) => random.Next(20) switch
    {
        < 5 => double.NaN,
        5 => -0.0,
        6 => 0.0,
        7 => random.Next(2) == 0 ? double.PositiveInfinity : double.NegativeInfinity,
        _ => Math.Round((random.NextDouble() - 0.5) * 1e3, random.Next(0, 16)),
    };
}
