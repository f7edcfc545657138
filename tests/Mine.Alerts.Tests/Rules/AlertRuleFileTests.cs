using Mine.Alerts.Rules;
using Mine.Alerts.Sources;
using Mine.Query.Series;

namespace Mine.Alerts.Tests.Rules;

public sealed class AlertRuleFileTests
{
    [Fact]
    public void A_good_file_gives_its_rules_with_their_conditions_and_durations()
    {
        var rules = AlertRuleFile.Parse("""
            // comments are allowed
            { "rules": [
              { "name": "web requests low", "target": "sumSeries(web-*.nginx.nginx_requests)", "condition": "< 100", "for": "5m" },
              { "name": "load high", "target": "*.load.load.shortterm", "condition": ">= 8.5" },
            ] }
            """);
        Assert.Equal(2, rules.Count);
        Assert.Equal(new AlertRule("web requests low", "sumSeries(web-*.nginx.nginx_requests)", Comparison.Below, 100, 300), rules[0]);
        Assert.Equal((Comparison.AtLeast, 8.5, 0L), (rules[1].Comparison, rules[1].Threshold, rules[1].ForSeconds));
        Assert.Equal("< 100", rules[0].Condition);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("{\"rule\": []}", "has no \"rules\" list")]
    [InlineData("{\"rules\": [{\"target\": \"a.b\", \"condition\": \"> 1\"}]}", "rule 1: no \"name\"")]
    [InlineData("{\"rules\": [{\"name\": \"x\", \"condition\": \"> 1\"}]}", "rule 1 'x': no \"target\"")]
    [InlineData("{\"rules\": [{\"name\": \"x\", \"target\": \"sumSeries(a.b\", \"condition\": \"> 1\"}]}", "rule 1 'x': the target 'sumSeries(a.b' does not parse")]
    [InlineData("{\"rules\": [{\"name\": \"x\", \"target\": \"sumSerie(a.b)\", \"condition\": \"> 1\"}]}", "calls 'sumSerie', which is not a function Mine knows (did you mean sumSeries?)")]
    [InlineData("{\"rules\": [{\"name\": \"x\", \"target\": \"a.b\", \"condition\": \"above 1\"}]}", "\"condition\" 'above 1' is not a comparison")]
    [InlineData("{\"rules\": [{\"name\": \"x\", \"target\": \"a.b\", \"condition\": \"> 1\", \"for\": \"5 minutes\"}]}", "\"for\" '5 minutes' is not a duration; write 30s, 5m")]
    [InlineData("{\"rules\": [{\"name\": \"x\", \"target\": \"a.b\", \"condition\": \"> 1\", \"fr\": \"5m\"}]}", "unknown field \"fr\"")]
    [InlineData("{\"rules\": [{\"name\": \"x\", \"target\": \"a.b\", \"condition\": \"> 1\"}, {\"name\": \"x\", \"target\": \"a.c\", \"condition\": \"> 1\"}]}", "rule 2 'x': the name is used by another rule")]
    public void A_bad_file_is_one_message_naming_the_rule_and_what_to_write(string json, string expected)
    {
        var error = Assert.Throws<AlertRulesException>(() => AlertRuleFile.Parse(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("90s", 90L)]
    [InlineData("5m", 300L)]
    [InlineData("2h", 7200L)]
    [InlineData("1d", 86400L)]
    [InlineData("45", 45L)]
    [InlineData("0", 0L)]
    [InlineData("-5m", null)]
    [InlineData("5 m", null)]
    [InlineData("m", null)]
    public void Durations_are_a_number_and_a_unit(string text, long? seconds) => Assert.Equal(seconds, AlertDuration.TryParseSeconds(text));

    [Fact]
    public void A_series_holds_a_rule_from_the_first_value_of_its_trailing_run_skipping_missing_values()
    {
        var rule = new AlertRule("low", "x", Comparison.Below, 100, 300);
        var series = new TimeSeries("x", 1000, 1600, 60, [150, 90, 80, double.NaN, 70, 60, 50, 40, 30, 20]);
        Assert.Equal((1060L, 20.0), RuleCheck.Check(series, rule));

        // The last value over the threshold: nothing holds, whatever came before.
        Assert.Null(RuleCheck.Check(new TimeSeries("x", 1000, 1180, 60, [50, 50, 150]), rule));

        // No value at all: nothing to judge.
        Assert.Null(RuleCheck.Check(new TimeSeries("x", 1000, 1180, 60, [double.NaN, double.NaN, double.NaN]), rule));
    }
}
