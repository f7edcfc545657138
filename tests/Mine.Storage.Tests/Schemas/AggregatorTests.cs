using Mine.Storage.Schemas;

namespace Mine.Storage.Tests.Schemas;

/// <summary>
/// Expectations follow whisper.py's __propagate and aggregate(); the starred rows were checked against
/// whisper itself with /usr/bin/python3 (whisper.aggregate on the known values, known/expected >= xff).
/// </summary>
public class AggregatorTests
{
    private const double N = double.NaN;

    public static TheoryData<AggregationMethod, double[], int, double, double> Cases() => new()
    {
        // method, values (NaN = missing), expected count, xff, result
        { AggregationMethod.Average, [1, 2, 3, 4, 5], 5, 0.5, 3 },
        { AggregationMethod.Average, [1, N, 3, N, N], 5, 0.5, N },    // 2/5 < 0.5
        { AggregationMethod.Average, [1, N, 3, N, 5], 5, 0.5, 3 },    // 3/5 >= 0.5
        { AggregationMethod.Average, [1, N, 3, N, N], 5, 0.4, 2 },    // exactly at xff: propagates (>=)
        { AggregationMethod.Average, [1, N, 3, N, N], 5, 0, 2 },
        { AggregationMethod.Average, [N, N, N], 3, 0, N },           // nothing known: never propagates
        { AggregationMethod.Average, [7], 5, 0, 7 },                 // missing trailing slots count as missing
        { AggregationMethod.Average, [7], 5, 0.2, 7 },
        { AggregationMethod.Average, [7], 5, 0.21, N },
        { AggregationMethod.Average, [1, 1, 1, 1], 4, 1, 1 },
        { AggregationMethod.Average, [1, 1, 1, N], 4, 1, N },
        { AggregationMethod.Sum, [1, N, 3, N, 5], 5, 0, 9 },
        { AggregationMethod.Sum, [0.1, 0.2, 0.3], 3, 0, 0.1 + 0.2 + 0.3 }, // left-to-right, as Python 3.11's sum
        { AggregationMethod.Last, [1, 5, N], 3, 0, 5 },              // the latest known, not the last slot
        { AggregationMethod.Max, [-3, N, -1, -7], 4, 0, -1 },
        { AggregationMethod.Min, [-3, N, -1, -7], 4, 0, -7 },
        { AggregationMethod.AvgZero, [4, N, 2, N], 4, 0, 1.5 },      // (4 + 0 + 2 + 0) / 4 *
        { AggregationMethod.AvgZero, [4], 4, 0, 1 },                 // missing trailing slots are zeros too
        { AggregationMethod.AvgZero, [N, N], 2, 0, N },              // no known value: nothing, not 0
        { AggregationMethod.AvgZero, [4, N, N, N], 4, 0.5, N },      // xff applies before avg_zero *
        { AggregationMethod.AbsMax, [-5, 3, 4], 3, 0, -5 },          // sign kept *
        { AggregationMethod.AbsMax, [5, -5], 2, 0, 5 },              // ties: the earliest *
        { AggregationMethod.AbsMax, [-5, 5], 2, 0, -5 },
        { AggregationMethod.AbsMin, [-5, 3, -2, 4], 4, 0, -2 },      // *
        { AggregationMethod.AbsMin, [2, -2], 2, 0, 2 },
        { AggregationMethod.AbsMin, [-2, 2], 2, 0, -2 },
        { AggregationMethod.Max, [double.PositiveInfinity, 1], 2, 0, double.PositiveInfinity },
        { AggregationMethod.Average, [1, 2], 2, double.NaN, N },     // NaN xff never passes ">=", as in Python
        { AggregationMethod.Average, [1, N, N, N, N, N, N, N, N, N], 10, 0.1, 1 },
        { AggregationMethod.Average, [1, N, N, N, N, N, N, N, N, N], 10, (float)0.1, N }, // whisper's float32 xff *
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Aggregates_like_whisper(AggregationMethod method, double[] values, int expectedCount, double xff, double expected)
    {
        var actual = Aggregator.Aggregate(method, values, expectedCount, xff);

        Assert.Equal(expected, actual); // xunit's double equality treats NaN as equal to NaN
    }

    [Fact]
    public void Invalid_windows_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Aggregator.Aggregate(AggregationMethod.Sum, [1.0], 0, 0));
        Assert.Throws<ArgumentException>(() => Aggregator.Aggregate(AggregationMethod.Sum, [1.0, 2.0], 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Aggregator.Aggregate((AggregationMethod)99, [1.0], 1, 0));
    }

    [Theory]
    [InlineData("average", AggregationMethod.Average, 1)]
    [InlineData("sum", AggregationMethod.Sum, 2)]
    [InlineData("last", AggregationMethod.Last, 3)]
    [InlineData("max", AggregationMethod.Max, 4)]
    [InlineData("min", AggregationMethod.Min, 5)]
    [InlineData("avg_zero", AggregationMethod.AvgZero, 6)]
    [InlineData("absmax", AggregationMethod.AbsMax, 7)]
    [InlineData("absmin", AggregationMethod.AbsMin, 8)]
    public void Method_names_and_numbers_are_whispers(string name, AggregationMethod method, int whisperType)
    {
        Assert.True(AggregationMethods.TryParse(name, out var parsed));
        Assert.Equal(method, parsed);
        Assert.Equal(whisperType, (int)method);
        Assert.Equal(name, method.ToCarbonName());
    }

    [Theory]
    [InlineData("Average")]
    [InlineData("avg")]
    [InlineData("")]
    public void Unknown_method_names_are_rejected(string name) =>
        Assert.False(AggregationMethods.TryParse(name, out _));
}
