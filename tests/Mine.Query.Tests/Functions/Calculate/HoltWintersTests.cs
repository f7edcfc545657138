using Xunit;

namespace Mine.Query.Tests.Functions.Calculate;

/// <summary>
/// holtWintersForecast, holtWintersConfidenceBands, holtWintersAberration and holtWintersConfidenceArea, with
/// expectations from graphite-web's own holtWintersAnalysis on the same values: requests start 3 minutes in and
/// bootstrap 3 minutes, so the whole series is analysed and the last 7 points returned.
/// </summary>
public class HoltWintersTests
{
    private const long Start = FunctionTestKit.Start;
    private const long Step = FunctionTestKit.Step;

    private static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("h.a", 1, 2, 3, 2, 1, 2, 3, 2, 1, 2)
        .Add("h.n", 1, 2, double.NaN, 2, 1, double.NaN, double.NaN, 2, 1, 2)
        .Add("h.c", 5, 1, 4, 2, 6, 3, 5, 2, 4, 1);

    private static string Evaluate(string target)
        => FunctionTestKit.Describe(Kit().Evaluate(target, from: Start + (3 * Step), until: Start + (10 * Step)));

    [Theory]
    [InlineData("holtWintersForecast(h.a,'3min','2min')", "holtWintersForecast(h.a) [1.3813298775000002, 1.5253968017928752, 1.4486164558008352, 1.4829977944371102, 1.7080915153323468, 1.8040641462797868, 1.6866135426286202]")]
    // A None input gets the pending prediction; the point after it has none.
    [InlineData("holtWintersForecast(h.n,'3min','3min')", "holtWintersForecast(h.n) [None, 2.09, 1.8906185, None, None, 2.000812835, 1.9003841020077503]")]
    [InlineData("holtWintersForecast(h.c,bootstrapInterval='3min',seasonality='4min')", "holtWintersForecast(h.c) [4.53713049, 4.2809199353285, 4.090932114146785, 4.28568724884329, 4.18062313543305, 4.342828909286867, 3.692734069622971]")]
    public void Forecast_matches_graphite_web_analysis(string target, string expected)
        => Assert.Equal(expected, Evaluate(target));

    [Theory]
    [InlineData(
        "holtWintersConfidenceBands(h.a,2,'3min','2min')",
        "holtWintersConfidenceLower(h.a) [1.0775958530000003, 1.0783804414343001, 1.064979124911002, 0.7772826290018147, 1.3044362205979665, 1.0081076681320633, 1.260646485893402]\n" +
        "holtWintersConfidenceUpper(h.a) [1.6850639020000002, 1.9724131621514502, 1.8322537866906683, 2.1887129598724058, 2.111746810066727, 2.6000206244275104, 2.1125805993638385]")]
    [InlineData(
        "holtWintersConfidenceBands(h.c,2,'3min','4min')",
        "holtWintersConfidenceLower(h.c) [4.029704392, 3.9371039223941997, 3.1527456913174277, 4.035076698611949, 3.2878150201464402, 3.9648287157886237, 2.3098194751519556]\n" +
        "holtWintersConfidenceUpper(h.c) [5.044556588, 4.6247359482628, 5.029118536976142, 4.536297799074632, 5.07343125071966, 4.72082910278511, 5.075648664093986]")]
    [InlineData(
        "holtWintersConfidenceBands(h.n,delta=2,bootstrapInterval='3min',seasonality='3min')",
        "holtWintersConfidenceLower(h.n) [None, 1.6919999999999997, 1.8906185, None, None, 1.800650268, 1.8804609224093003]\n" +
        "holtWintersConfidenceUpper(h.n) [None, 2.488, 1.8906185, None, None, 2.200975402, 1.9203072816062003]")]
    public void Bands_are_forecast_minus_and_plus_delta_deviations(string target, string expected)
        => Assert.Equal(expected, Evaluate(target));

    [Theory]
    [InlineData("holtWintersAberration(h.a,2,'3min','2min')", "holtWintersAberration(h.a) [0.3149360979999998, -0.07838044143430012, 0.1677462133093317, 0.8112870401275942, 0.0, -0.008107668132063317, 0.0]")]
    [InlineData("holtWintersAberration(h.n,2,'3min','3min')", "holtWintersAberration(h.n) [0.0, -0.6919999999999997, 0.0, 0.0, 0.0, -0.800650268, 0.07969271839379966]")]
    public void Aberration_is_the_distance_outside_the_bands(string target, string expected)
        => Assert.Equal(expected, Evaluate(target));

    [Fact]
    public void Forecast_keeps_the_series_tags_with_both_analysis_tags()
    {
        var series = Assert.Single(Kit().Evaluate("holtWintersForecast(h.a,'3min','2min')", from: Start + (3 * Step), until: Start + (10 * Step)));
        Assert.Equal(["name=h.a", "holtWintersForecast=1", "holtWintersDeviation=1"], series.Tags.Select(t => $"{t.Key}={t.Value}"));
        Assert.Equal(Start + (3 * Step), series.Start);
        Assert.Equal(Start + (10 * Step), series.End);
        Assert.Equal(series.Name, series.PathExpression);
    }

    [Fact]
    public void Bands_share_one_tag_dict_and_keep_the_path_expression()
    {
        var bands = Kit().Evaluate("holtWintersConfidenceBands(h.*,3,'3min','3min')", from: Start + (3 * Step), until: Start + (10 * Step));
        Assert.Equal(6, bands.Count);
        Assert.Same(bands[0].Tags, bands[1].Tags);
        Assert.Equal(
            ["name=h.a", "holtWintersForecast=1", "holtWintersDeviation=1", "holtWintersConfidenceUpper=1", "holtWintersConfidenceLower=1"],
            bands[0].Tags.Select(t => $"{t.Key}={t.Value}"));
        Assert.All(bands, b => Assert.Equal("h.*", b.PathExpression));
    }

    [Fact]
    public void Aberration_tags_the_requested_series()
    {
        var series = Assert.Single(Kit().Evaluate("holtWintersAberration(h.a,2,'3min','2min')", from: Start + (3 * Step), until: Start + (10 * Step)));
        Assert.Equal(["name=h.a", "holtWintersAberration=1"], series.Tags.Select(t => $"{t.Key}={t.Value}"));
        Assert.Equal(Start + (3 * Step), series.Start);
    }

    [Fact]
    public void Area_renames_the_bands_and_stacks_them()
    {
        var area = Kit().Evaluate("holtWintersConfidenceArea(h.a,2,'3min','2min')", from: Start + (3 * Step), until: Start + (10 * Step));
        Assert.Equal(
            "holtWintersConfidenceArea(h.a) [1.0775958530000003, 1.0783804414343001, 1.064979124911002, 0.7772826290018147, 1.3044362205979665, 1.0081076681320633, 1.260646485893402]\n" +
            "holtWintersConfidenceArea(h.a) [1.6850639020000002, 1.9724131621514502, 1.8322537866906683, 2.1887129598724058, 2.111746810066727, 2.6000206244275104, 2.1125805993638385]",
            FunctionTestKit.Describe(area));
        Assert.Equal(true, area[0].Options["stacked"]);
        Assert.Equal(true, area[0].Options["invisible"]);
        Assert.Equal(true, area[1].Options["stacked"]);
        Assert.False(area[1].Options.ContainsKey("invisible"));
        Assert.Equal(
            ["name=h.a", "holtWintersForecast=1", "holtWintersDeviation=1", "holtWintersConfidenceUpper=1", "holtWintersConfidenceLower=1", "holtWintersConfidenceArea=1"],
            area[1].Tags.Select(t => $"{t.Key}={t.Value}"));
        Assert.All(area, s => Assert.Equal(s.Name, s.PathExpression));
    }

    [Fact]
    public void A_negative_bootstrap_interval_moves_the_start_forward()
    {
        // previewSeconds keeps its sign (no abs() here, unlike the moving window functions): the analysis runs
        // from 3 minutes in, and predictions[-2:] keeps its last two values, dated from the request start.
        var series = Assert.Single(Kit().Evaluate("holtWintersForecast(h.a,'-2min','2min')", from: Start + (1 * Step), until: Start + (10 * Step)));
        Assert.Equal(Start + (1 * Step), series.Start);
        Assert.Equal(2, series.Values.Length);
    }

    [Theory]
    // areaBetween needs exactly two bands: one series.
    [InlineData("holtWintersConfidenceArea(h.*,3,'3min','2min')", "holtWintersConfidenceArea(): the series list must hold exactly one series")]
    [InlineData("holtWintersConfidenceArea(no.such)", "holtWintersConfidenceArea(): the series list must hold exactly one series")]
    // A season of one step reads a seasonal value that does not exist yet (IndexError in graphite-web).
    [InlineData("holtWintersForecast(h.a,'3min','1min')", "holtWintersForecast(): the seasonality must span at least two steps")]
    [InlineData("holtWintersForecast(h.a,'3min','bogus')", "Invalid \"interval\" value specified for function \"holtWintersForecast\" parameter \"seasonality\"")]
    [InlineData("holtWintersConfidenceBands(h.a,1.5)", "Invalid \"integer\" value specified for function \"holtWintersConfidenceBands\" parameter \"delta\"")]
    public void Bad_arguments_are_rejected(string target, string message)
    {
        var error = Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target, from: Start + (3 * Step), until: Start + (10 * Step)));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
