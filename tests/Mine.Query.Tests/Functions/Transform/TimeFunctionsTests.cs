using Mine.Query.Evaluation;
using Xunit;

namespace Mine.Query.Tests.Functions.Transform;

public class TimeFunctionsTests
{
    // graphite-web's answers over [2026-11-26 04:59:59 UTC, 05:09:59].
    private const long T0 = 1795669200;

    [Theory]
    [InlineData("time(\"t.x\")", 60, "t.x [1795669199.0, 1795669259.0, 1795669319.0, 1795669379.0, 1795669439.0, 1795669499.0, 1795669559.0, 1795669619.0, 1795669679.0, 1795669739.0]")]
    [InlineData("time(\"t.x\",120)", 120, "t.x [1795669199.0, 1795669319.0, 1795669439.0, 1795669559.0, 1795669679.0]")]
    [InlineData("timeFunction(\"t.x\",step=240)", 240, "t.x [1795669199.0, 1795669439.0, 1795669679.0]")]
    [InlineData("sin(\"s.x\")", 60, "s.x [0.9013579451321453, -0.9904708311776637, 0.9853166075402462, -0.8863858225022498, 0.7030941184739687, -0.4528861072740693, 0.15957509596106034, 0.1489233217854532, -0.44324810547107807, 0.6953871766047088]")]
    [InlineData("sin(\"s.x\",3,120)", 120, "s.x [2.7040738353964358, 2.9559498226207386, 2.1092823554219065, 0.478725287883181, -1.329744316413234]")]
    [InlineData("sinFunction(\"s.x\",amplitude=2)", 60, "s.x [1.8027158902642906, -1.9809416623553273, 1.9706332150804924, -1.7727716450044997, 1.4061882369479375, -0.9057722145481386, 0.3191501919221207, 0.2978466435709064, -0.8864962109421561, 1.3907743532094177]")]
    public void Generates_values_over_the_request_range(string target, long step, string expected)
    {
        var series = Assert.Single(new FunctionTestKit().Evaluate(target, from: T0 - 1, until: T0 + 599));
        Assert.Equal(expected, FunctionTestKit.Describe([series]));
        Assert.Equal((T0 - 1, T0 + 599, step), (series.Start, series.End, series.Step));
    }

    [Fact]
    public void Parses_tags_from_the_name_and_takes_the_request_xfilesfactor()
    {
        var series = Assert.Single(new FunctionTestKit().Evaluate("time(\"t.x;a=b\")", from: T0 - 1, until: T0 + 599, xFilesFactor: 0.25));
        Assert.Equal(["a", "name"], series.Tags.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("t.x", series.Tags["name"]);
        Assert.Equal(0.25, series.XFilesFactor);
    }

    [Fact]
    public void Another_request_zone_moves_the_values_by_its_offset()
    {
        // mktime() reads the Berlin wall clock (UTC+1) as UTC: time() moves values and start, sin() only values.
        var context = new FunctionTestKit().Context(T0 + 30, T0 + 330) with { TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin") };
        var time = Assert.Single(TargetEvaluator.Default.Evaluate(["time(\"t.x\",120)"], context));
        Assert.Equal("t.x [1795672830.0, 1795672950.0, 1795673070.0]", FunctionTestKit.Describe([time]));
        Assert.Equal((T0 + 3630, T0 + 3930), (time.Start, time.End));
        var sin = Assert.Single(TargetEvaluator.Default.Evaluate(["sin(\"s.x\",2,120)"], context));
        Assert.Equal("s.x [0.8551118640750262, 1.7459479348145601, 1.9879233040373032]", FunctionTestKit.Describe([sin]));
        Assert.Equal(T0 + 30, sin.Start);
    }

    [Theory]
    [InlineData("time(\"t.x\",0)")]
    [InlineData("sin(\"s.x\",1,-60)")]
    public void Steps_must_be_positive(string target)
        => Assert.Contains("step must be a positive number of seconds", Assert.Throws<QueryArgumentException>(() => new FunctionTestKit().Evaluate(target)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_step_that_would_exceed_the_point_limit_is_refused()
    {
        var context = new FunctionTestKit().Context(T0, T0 + 3600) with { Limits = new QueryLimits { MaxPoints = 100 } };
        var error = Assert.Throws<QueryArgumentException>(() => TargetEvaluator.Default.Evaluate(["time(\"t.x\",1)"], context));
        Assert.Contains("MaxPointsPerRequest", error.Message, StringComparison.Ordinal);
    }
}
