using Mine.Query.Series;

namespace Mine.Query.Functions.Calculate;

/// <summary>
/// holtWintersConfidenceArea(seriesList, delta=3, bootstrapInterval='7d', seasonality='1d'): the Holt-Winters
/// confidence bands of exactly one series, drawn as a stacked area (areaBetween).
/// </summary>
public sealed class HoltWintersConfidenceArea : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "holtWintersConfidenceArea",
            FunctionGroups.Calculate,
            "Draws the area between the lower and upper Holt-Winters confidence bands of a single series (an invisible stacked lower band and a stacked upper band). Example: holtWintersConfidenceArea(Server.instance01.threads.busy)",
            HoltWinters.Parameters(withDelta: true),
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var bands = HoltWinters.ConfidenceBands(call);

        // areaBetween's assertion: graphite-web fails unless the argument is exactly one series.
        if (bands.Count != 2)
        {
            throw call.Error($"the series list must hold exactly one series (areaBetween needs exactly 2 bands, got {bands.Count})");
        }

        var (lower, upper) = (bands[0], bands[1]);
        lower.Options["stacked"] = true;
        lower.Options["invisible"] = true;
        upper.Options["stacked"] = true;

        // Both bands share one tag dict; areaBetween's tag is replaced by holtWintersConfidenceArea, and the
        // rename replaces every "areaBetween" in the name, even one inside the path expression.
        var tags = upper.Tags;
        tags["areaBetween"] = "1";
        lower.Tags = tags;
        tags.Remove("areaBetween");
        tags["holtWintersConfidenceArea"] = "1";
        var name = $"areaBetween({upper.PathExpression})".Replace("areaBetween", "holtWintersConfidenceArea", StringComparison.Ordinal);
        foreach (var band in bands)
        {
            band.Name = name;
            band.PathExpression = name;
        }

        return bands;
    }
}
