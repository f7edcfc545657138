using System.Globalization;
using Mine.Compat.Python;
using Mine.Query.Functions.Fleet;
using Xunit;

namespace Mine.Query.Tests.Functions.Fleet;

/// <summary>
/// The typed entry points (<see cref="RobustStatistics"/>, what the landmine detection calls) and the render functions
/// robustScore() and outliers() give the same numbers on random groups: missing points, identical members (MAD 0),
/// wild members, and members of another step.
/// </summary>
public class RobustStatisticsAgreementTests
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 60)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Robust_scores_agree(int seed)
    {
        var kit = RandomGroup(new Random(seed));
        var rendered = kit.Evaluate("robustScore(g.*)");
        var typed = RobustStatistics.Assess(kit.Evaluate("g.*"), new OutlierRule(3, 900));
        Assert.Equal(rendered.Count, typed.Members.Count);
        for (var m = 0; m < rendered.Count; m++)
        {
            Assert.Equal($"robustScore({typed.Members[m].Member.Name})", rendered[m].Name);
            Assert.Equal(rendered[m].GetPoints(), typed.Members[m].Scores);
            Assert.Equal(rendered[m].Step, typed.Step);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Outlier_verdicts_agree(int seed)
    {
        var random = new Random(seed);
        var kit = RandomGroup(random);
        var k = random.Next(4) switch { 0 => 0, 1 => 1.5, 2 => 3, _ => 5 };
        var minutes = random.Next(1, 40);
        var minFraction = random.Next(1, 11) / 10.0;
        var direction = (OutlierDirection)random.Next(3);
        var rendered = kit.Evaluate(string.Create(CultureInfo.InvariantCulture, $"outliers(g.*,{k},\"{minutes}min\",{minFraction},\"{direction.ToString().ToLowerInvariant()}\")"));

        var typed = RobustStatistics.Assess(kit.Evaluate("g.*"), new OutlierRule(k, minutes * 60, minFraction, direction)).Members
            .Where(static m => m.Outlier is not null)
            .OrderByDescending(static m => m.Outlier!.Value.Severity) // stable, as outliers()' Python sort
            .ToList();
        Assert.Equal(typed.Select(static m => m.Member.Name), rendered.Select(static s => s.Name));
        for (var m = 0; m < typed.Count; m++)
        {
            var verdict = typed[m].Outlier!.Value;
            Assert.Equal(verdict.Side == OutlierSide.Above ? "above" : "below", rendered[m].Tags["outlier"]);
            Assert.Equal(double.IsInfinity(verdict.Severity) ? "inf" : PythonFormat.G(verdict.Severity), rendered[m].Tags["outlierScore"]);
        }
    }

    [Fact]
    public void Spread_is_the_median_and_scaled_mad_of_the_present_values()
    {
        var spread = RobustStatistics.Spread([1, double.NaN, 2, 3, 4, 100]);
        Assert.Equal(3, spread.Median);
        Assert.Equal(RobustStatistics.MadScale, spread.Scale);
        Assert.Equal(97 / RobustStatistics.MadScale, spread.Score(100), 12);
        Assert.False(RobustStatistics.Spread([1, 2, double.NaN]).IsKnown);
        Assert.True(double.IsNaN(RobustStatistics.Spread([1, 2]).Score(1)));
    }

    /// <summary>3 to 12 members near a random level, some missing points, sometimes identical members, a wild one
    /// or two, and now and then a member at twice the step.</summary>
    private static FunctionTestKit RandomGroup(Random random)
    {
        var kit = new FunctionTestKit();
        var members = random.Next(2, 13);
        var length = random.Next(5, 40);
        var level = random.NextDouble() * 100;
        var identical = random.Next(4) == 0;
        for (var m = 0; m < members; m++)
        {
            var factor = random.Next(6) == 0 ? random.NextDouble() * 5 : 1;
            var coarse = random.Next(8) == 0;
            var values = new double[coarse ? length / 2 : length];
            for (var t = 0; t < values.Length; t++)
            {
                values[t] = random.Next(10) == 0 ? double.NaN
                    : identical && factor == 1 ? level
                    : level * factor * (1 + (random.NextDouble() * 0.2));
            }

            kit.AddAt($"g.m{m:00}", FunctionTestKit.Start, coarse ? FunctionTestKit.Step * 2 : FunctionTestKit.Step, values);
        }

        return kit;
    }
}
