using Mine.Compat.Python;
using Mine.Query.Functions.Common;
using Mine.Query.Series;
using Mine.Query.Time;

namespace Mine.Query.Functions.Calculate;

/// <summary>
/// graphite-web's Holt-Winters analysis (additive seasonality, alpha = gamma = 0.1, beta = 0.0035) and the
/// bootstrapped forecast and confidence bands the holtWinters* functions share.
/// </summary>
internal static class HoltWinters
{
    private const double Alpha = 0.1;
    private const double Beta = 0.0035;
    private const double Gamma = 0.1;

    /// <summary>The parameters every holtWinters* function takes after seriesList (delta only for the band forms).</summary>
    public static ParamSpec[] Parameters(bool withDelta)
    {
        ParamSpec[] intervals =
        [
            new("bootstrapInterval", ParamType.Interval) { Default = "7d", Suggestions = ["7d", "30d"] },
            new("seasonality", ParamType.Interval) { Default = "1d", Suggestions = ["1d", "7d"] },
        ];
        return withDelta
            ? [ParamSpec.SeriesListParam(), new("delta", ParamType.Integer) { Default = 3L }, .. intervals]
            : [ParamSpec.SeriesListParam(), .. intervals];
    }

    /// <summary>
    /// bootstrap.seconds + bootstrap.days * 86400 of the bootstrapInterval (no abs(): a negative interval moves the
    /// start forward, as in graphite-web).
    /// </summary>
    public static long BootstrapSeconds(FunctionCall call) => OffsetSeconds(call.String("bootstrapInterval"));

    /// <summary>The series argument evaluated again from the bootstrap interval before the request start.</summary>
    public static List<TimeSeries> Bootstrap(FunctionCall call, long previewSeconds) => WindowSize.Bootstrap(call, previewSeconds);

    /// <summary>
    /// holtWintersAnalysis: one prediction and one deviation per point (consolidated points, as Python iterates
    /// the series). A None input breaks the chain: its prediction is the pending one, the next point starts over.
    /// The series' tags get holtWintersForecast and holtWintersDeviation, as graphite-web's shared tag dict does.
    /// </summary>
    public static (double[] Predictions, double[] Deviations) Analyze(TimeSeries series, string seasonality, FunctionCall call)
    {
        var seasonLength = WindowSize.StepsIn(OffsetSeconds(seasonality), series, call);
        var points = series.GetPoints();
        var count = points.Length;
        var intercepts = new double?[count];
        var slopes = call.NewValues(count);
        var seasonals = call.NewValues(count);
        var predictions = call.NewValues(count);
        var deviations = call.NewValues(count);
        double? nextPrediction = null;

        for (var i = 0; i < count; i++)
        {
            var actual = points[i];
            if (double.IsNaN(actual))
            {
                intercepts[i] = null;
                slopes[i] = 0;
                seasonals[i] = 0;
                predictions[i] = nextPrediction ?? double.NaN;
                deviations[i] = 0;
                nextPrediction = null;
                continue;
            }

            double lastIntercept;
            double lastSlope;
            double? prediction;
            if (i == 0)
            {
                lastIntercept = actual;
                lastSlope = 0;
                prediction = actual;
            }
            else
            {
                lastIntercept = intercepts[i - 1] ?? actual;
                lastSlope = slopes[i - 1];
                prediction = nextPrediction;
            }

            // Only values [0, i) exist yet: a season of one step or less reads past them (IndexError in Python).
            var lastSeasonal = SeasonAgo(seasonals, i, i, seasonLength, call);
            var nextLastSeasonal = SeasonAgo(seasonals, i + 1, i, seasonLength, call);
            var lastSeasonalDeviation = SeasonAgo(deviations, i, i, seasonLength, call);

            var intercept = (Alpha * (actual - lastSeasonal)) + ((1 - Alpha) * (lastIntercept + lastSlope));
            var slope = (Beta * (intercept - lastIntercept)) + ((1 - Beta) * lastSlope);
            var seasonal = (Gamma * (actual - intercept)) + ((1 - Gamma) * lastSeasonal);
            nextPrediction = intercept + slope + nextLastSeasonal;
            var deviation = (Gamma * Math.Abs(actual - (prediction ?? 0))) + ((1 - Gamma) * lastSeasonalDeviation);

            intercepts[i] = intercept;
            slopes[i] = slope;
            seasonals[i] = seasonal;
            predictions[i] = prediction ?? double.NaN;
            deviations[i] = deviation;
        }

        series.Tags["holtWintersForecast"] = "1";
        series.Tags["holtWintersDeviation"] = "1";
        return (predictions, deviations);
    }

    /// <summary>
    /// holtWintersConfidenceBands for every bootstrapped series: lower then upper band per series, both holding
    /// the one tag dict graphite-web shares between them (and the analysed series).
    /// </summary>
    public static List<TimeSeries> ConfidenceBands(FunctionCall call)
    {
        var delta = call.Integer("delta");
        var seasonality = call.String("seasonality");
        var previewSeconds = BootstrapSeconds(call);
        var results = new List<TimeSeries>();
        foreach (var series in Bootstrap(call, previewSeconds))
        {
            var (predictions, deviations) = Analyze(series, seasonality, call);
            var windowPoints = WindowSize.StepsIn(previewSeconds, series, call);
            var forecast = PythonList.SliceFrom(predictions, windowPoints);
            var deviation = PythonList.SliceFrom(deviations, windowPoints);
            var upper = call.NewValues(forecast.Length);
            var lower = call.NewValues(forecast.Length);
            for (var i = 0; i < forecast.Length; i++)
            {
                var scaledDeviation = delta * deviation[i];
                upper[i] = forecast[i] + scaledDeviation;
                lower[i] = forecast[i] - scaledDeviation;
            }

            var tags = series.Tags;
            tags["holtWintersConfidenceUpper"] = "1";
            tags["holtWintersConfidenceLower"] = "1";
            var start = series.Start + previewSeconds;
            results.Add(new TimeSeries($"holtWintersConfidenceLower({series.Name})", start, series.End, series.Step, lower, tags: tags, xFilesFactor: series.XFilesFactor, pathExpression: series.PathExpression));
            results.Add(new TimeSeries($"holtWintersConfidenceUpper({series.Name})", start, series.End, series.Step, upper, tags: tags, xFilesFactor: series.XFilesFactor, pathExpression: series.PathExpression));
        }

        return results;
    }

    private static double SeasonAgo(double[] values, long i, int available, long seasonLength, FunctionCall call)
    {
        var j = i - seasonLength;
        if (j < 0)
        {
            return 0;
        }

        if (j >= available)
        {
            throw call.Error("the seasonality must span at least two steps of the series");
        }

        return values[j];
    }

    private static long OffsetSeconds(string interval)
        => Normalization.PythonFloorDiv(AtTimeParser.ParseTimeOffset(interval).Ticks, TimeSpan.TicksPerSecond);
}
