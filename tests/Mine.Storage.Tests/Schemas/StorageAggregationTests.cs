using Mine.Storage.Schemas;

namespace Mine.Storage.Tests.Schemas;

/// <summary>The tricky file was also loaded by carbon 1.1.8's loadAggregationSchemas; kept and skipped rules match it.</summary>
public class StorageAggregationTests
{
    private static readonly StorageAggregation Tricky = StorageAggregation.Parse(
        """
        [badxff]
        pattern = ^x\.
        xFilesFactor = abc
        aggregationMethod = sum

        [only_method]
        pattern = ^m\.
        aggregationMethod = max

        [only_xff]
        pattern = ^f\.
        xFilesFactor = 0.3

        [nopat]
        xFilesFactor = 0.3
        """,
        "agg.conf");

    [Fact]
    public void Keeps_and_skips_the_sections_carbon_keeps_and_skips()
    {
        Assert.Equal(["only_method", "only_xff", "default"], Tricky.Rules.Select(r => r.Name));
        Assert.Equal(
            [
                "agg.conf: section [badxff] (line 1): xFilesFactor = abc is not a number; skipped, as carbon skips it",
                "agg.conf: section [nopat] (line 14) has no 'pattern'; skipped, as carbon skips it",
            ],
            Tricky.Warnings);
    }

    [Theory]
    [InlineData("x.a", AggregationMethod.Average, 0.5)] // [badxff] skipped: whisper's defaults
    [InlineData("m.a", AggregationMethod.Max, 0.5)]     // xFilesFactor unset: whisper's 0.5
    [InlineData("f.a", AggregationMethod.Average, 0.3)] // method unset: whisper's average
    [InlineData("other", AggregationMethod.Average, 0.5)]
    public void Unset_fields_get_whispers_defaults(string metric, AggregationMethod method, double xff)
    {
        var (actualMethod, actualXff) = Tricky.Match(metric);

        Assert.Equal(method, actualMethod);
        Assert.Equal(xff, actualXff);
    }

    [Theory]
    [InlineData("servers.web-001.nginx.response.min", AggregationMethod.Min, 0.1, "min")]
    [InlineData("servers.web-001.nginx.response.max", AggregationMethod.Max, 0.1, "max")]
    [InlineData("stats.hits.count", AggregationMethod.Sum, 0, "sum")]
    [InlineData("servers.web-001.cpu-0.cpu-user", AggregationMethod.Average, 0, "default")]
    [InlineData("stats.hits.count;env=prod", AggregationMethod.Average, 0, "default")] // tags are searched too
    [InlineData("x.minimum", AggregationMethod.Average, 0, "default")]
    public void Builtin_defaults_are_the_leads_rules(string metric, AggregationMethod method, double xff, string rule)
    {
        Assert.Equal(new AggregationPolicy(method, xff), StorageAggregation.Default.Match(metric));
        Assert.Equal(rule, StorageAggregation.Default.MatchRule(metric).Name);
        Assert.Empty(StorageAggregation.Default.Warnings);
    }

    [Fact]
    public void Loads_carbons_example_file_if_installed()
    {
        const string path = "/usr/share/doc/graphite-carbon/examples/storage-aggregation.conf.example";
        if (!File.Exists(path))
        {
            return;
        }

        var aggregation = StorageAggregation.Load(path);

        Assert.Equal(["min", "max", "sum", "default_average", "default"], aggregation.Rules.Select(r => r.Name));
        Assert.Empty(aggregation.Warnings);
        Assert.Equal(new AggregationPolicy(AggregationMethod.Min, 0.1), aggregation.Match("a.min"));
        Assert.Equal(new AggregationPolicy(AggregationMethod.Max, 0), aggregation.Match("a.count")); // Debian's example says max
        Assert.Equal(new AggregationPolicy(AggregationMethod.Average, 0.5), aggregation.Match("a.b"));
    }

    [Theory]
    [InlineData("[a]\npattern = .*\nxFilesFactor = 1.5", "agg.conf: section [a] (line 1): xFilesFactor = 1.5 must be between 0 and 1")]
    [InlineData("[a]\npattern = .*\nxFilesFactor = -0.1", "must be between 0 and 1")]
    [InlineData("[a]\npattern = .*\naggregationMethod = median", "agg.conf: section [a] (line 1): aggregationMethod = median is not one of average, sum, last, max, min, avg_zero, absmax, absmin")]
    [InlineData("[a]\npattern = .*\naggregationMethod = Average", "is not one of")]
    [InlineData("[a]\npattern = [\naggregationMethod = sum", "pattern = [: not a valid regular expression")]
    public void Errors_carbon_dies_on_are_errors_naming_file_section_and_rule(string text, string message)
    {
        var error = Assert.Throws<StorageConfigException>(() => StorageAggregation.Parse(text, "agg.conf"));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("avg_zero", AggregationMethod.AvgZero)]
    [InlineData("absmax", AggregationMethod.AbsMax)]
    [InlineData("absmin", AggregationMethod.AbsMin)]
    [InlineData("last", AggregationMethod.Last)]
    public void Every_whisper_method_is_accepted(string name, AggregationMethod method) =>
        Assert.Equal(method, StorageAggregation.Parse($"[a]\npattern = .*\naggregationMethod = {name}", "a.conf").Match("x").Method);

    [Fact]
    public void Load_reports_a_missing_file() =>
        Assert.Contains("not found", Assert.Throws<StorageConfigException>(() => StorageAggregation.Load("/nonexistent/a.conf")).Message, StringComparison.Ordinal);
}
