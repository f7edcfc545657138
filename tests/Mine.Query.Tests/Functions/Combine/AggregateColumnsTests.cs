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
        for (var round = 0; round < 50; round++)
        {
            var kit = new FunctionTestKit();
            var members = random.Next(1, 9);
            var data = new double[members][];
            for (var m = 0; m < members; m++)
            {
                data[m] = [.. Enumerable.Range(0, 12).Select(_ => random.Next(4) == 0 ? double.NaN : Math.Round((random.NextDouble() - 0.5) * 1e3, random.Next(0, 16)))];
                kit.Add($"x.m{m:00}", data[m]);
            }

            var xff = round % 3 == 0 ? 0.5 : (double?)null;
            var result = kit.Evaluate(xff is null ? $"aggregate(x.*,\"{func}\")" : $"aggregate(x.*,\"{func}\",{xff})")[0].Values;
            var reduce = AggregationFunctions.Get(func);
            for (var t = 0; t < 12; t++)
            {
                var row = data.Select(d => d[t]).ToArray();
                var nonNull = row.Count(v => !double.IsNaN(v));
                var expected = nonNull > 0 && (double)nonNull / row.Length >= (xff ?? 0) ? reduce(row) : double.NaN;
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(result[t]));
            }
        }
    }
}
