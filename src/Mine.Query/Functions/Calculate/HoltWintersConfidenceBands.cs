using Mine.Query.Series;

namespace Mine.Query.Functions.Calculate;

/// <summary>
/// holtWintersConfidenceBands(seriesList, delta=3, bootstrapInterval='7d', seasonality='1d'): for each series a
/// lower and an upper band, the Holt-Winters forecast minus and plus delta times the predicted deviation.
/// </summary>
public sealed class HoltWintersConfidenceBands : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "holtWintersConfidenceBands",
            FunctionGroups.Calculate,
            "Gives, for each series, a lower and an upper band: the Holt-Winters forecast minus and plus delta (default 3) times the forecast deviation. Example: holtWintersConfidenceBands(Server.instance01.threads.busy,3)",
            HoltWinters.Parameters(withDelta: true),
            HoltWinters.ConfidenceBands),
    ];
}
