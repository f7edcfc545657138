using System.Text.RegularExpressions;
using Mine.ClickHouse.Schema;

namespace Mine.ClickHouse.Tests.Schema;

public sealed class RegexIntersectionTests
{
    [Theory]
    [InlineData(null, @"\.count$", @"\.count$")]
    [InlineData(".*", @"^carbon\.", @"^carbon\.")]
    [InlineData(@"^carbon\.", @"\.count$", @"^carbon\..*\.count$")]
    [InlineData(@"\.count$", @"^carbon\.", @"^carbon\..*\.count$")]
    [InlineData(@"^servers\.web", @"^servers\.", @"^servers\.web")]
    [InlineData(@"\.cpu-", @"\.max$", @"\.cpu-.*\.max$")]
    [InlineData(@"^a\.", @"\.cpu-", @"^a\..*\.cpu-")]
    public void Shapes_carbon_configs_use_meet_in_one_expression(string? a, string b, string expected)
    {
        var meet = RegexIntersection.Intersect(a, b);
        Assert.True(meet.Possible);
        Assert.Equal(expected, meet.Pattern);
    }

    [Fact]
    public void Two_match_all_patterns_meet_in_match_all_and_disjoint_prefixes_in_nothing()
    {
        Assert.Equal((true, (string?)null), (RegexIntersection.Intersect(".*", null).Possible, RegexIntersection.Intersect(".*", null).Pattern));
        var disjoint = RegexIntersection.Intersect(@"^carbon\.", @"^mine\.");
        Assert.Equal((false, true), (disjoint.Possible, disjoint.Known));
    }

    [Fact]
    public void Patterns_of_other_shapes_are_not_guessed()
    {
        var meet = RegexIntersection.Intersect(@"^servers\.(web|db)-\d+\.", @"\.count$");
        Assert.Equal((false, false), (meet.Possible, meet.Known));
    }

    /// <summary>The written expression matches exactly the names both patterns match (apart from the documented overlap case).</summary>
    [Theory]
    [InlineData(@"^carbon\.", @"\.count$")]
    [InlineData(@"\.cpu-", @"\.max$")]
    [InlineData(@"^servers\.", @"\.cpu-")]
    public void An_intersection_matches_what_both_match(string a, string b)
    {
        var meet = new Regex(RegexIntersection.Intersect(a, b).Pattern!, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        string[] names = ["carbon.agents.a.count", "servers.web-1.cpu-0.max", "servers.web-1.cpu-0.idle", "x.cpu-1.max", "mine.count", "carbon.x.max"];
        foreach (var name in names)
        {
            var both = Regex.IsMatch(name, a, RegexOptions.None, TimeSpan.FromSeconds(1)) && Regex.IsMatch(name, b, RegexOptions.None, TimeSpan.FromSeconds(1));
            Assert.True(both == meet.IsMatch(name), $"{name}: both={both}, intersection={meet}");
        }
    }

    [Fact]
    public void A_prefix_and_a_suffix_that_overlap_in_a_name_miss_it_as_documented()
    {
        Assert.DoesNotMatch(RegexIntersection.Intersect(@"^carbon\.", @"\.count$").Pattern!, "carbon.count");
    }
}
