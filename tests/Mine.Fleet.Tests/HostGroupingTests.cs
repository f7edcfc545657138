using Mine.Fleet;

namespace Mine.Fleet.Tests;

public class HostGroupingTests
{
    [Theory]
    [InlineData("web-017", "web")]
    [InlineData("web-017.dc1.example.com", "web")]
    [InlineData("db01", "db")]
    [InlineData("cache_3", "cache")]
    [InlineData("app-2-07", "app")]
    [InlineData("web", "web")]
    [InlineData("web-", "web-")]
    [InlineData("web-01a", "web-01a")]
    [InlineData("10.0.0.17", "10.0.0.17")]
    [InlineData("42", "42")]
    [InlineData("WEB-9", "WEB")]
    public void The_default_rule_drops_the_trailing_number_of_the_first_label(string host, string group)
    {
        Assert.Equal(group, HostGrouping.DefaultGroup(host));
        Assert.Equal(group, HostGrouping.Default.GroupOf(host));
    }

    [Fact]
    public void Rules_are_tried_in_order_and_give_the_named_capture_the_first_capture_or_the_whole_match()
    {
        var grouping = new HostGrouping([
            @"^(?<dc>[a-z]+)-(?<group>[a-z]+)\d+$", // dc1 is not matched: "ams-web12" → web
            @"^db-(primary|replica)-\d+$",          // first capture
            @"^lb[a-z]*",                           // no capture: the whole match
        ]);
        Assert.Equal(3, grouping.RuleCount);
        Assert.Equal("web", grouping.GroupOf("ams-web12"));
        Assert.Equal("replica", grouping.GroupOf("db-replica-3"));
        Assert.Equal("lbext", grouping.GroupOf("lbext07"));
        Assert.Equal("cache", grouping.GroupOf("cache-007")); // no rule matches: the default rule
    }

    [Fact]
    public void An_empty_capture_falls_through_to_the_next_rule()
    {
        var grouping = new HostGrouping([@"^(x*)web", @"^(web)"]);
        Assert.Equal("web", grouping.GroupOf("web-01"));
    }

    [Fact]
    public void A_bad_rule_is_refused_with_its_text()
    {
        var error = Assert.Throws<FormatException>(() => new HostGrouping(["^(web"]));
        Assert.Contains("^(web", error.Message, StringComparison.Ordinal);
    }
}
