namespace Mine.Graphs.Layout;

/// <summary>Where an axis limit came from, which decides whether it may move (glyph.py's minValueSource/maxValueSource).</summary>
public enum LimitSource
{
    Data,
    Min,
    Max,
    Limit,
    Extremum,
}

/// <summary>
/// The tick marks of a value axis (glyph.py <c>_AxisTics</c>): limits from the data and the user's yMin / yMax /
/// yLimit, a step, the rounded bottom and top, and the labelled values.
/// </summary>
public abstract class AxisTics
{
    /// <summary>Values fractionally outside the limits still count as inside, so rounding never adds a tick.</summary>
    protected const double Epsilon = 0.0001;

    protected AxisTics(double minValue, double maxValue, string unitSystem)
    {
        MinValue = CheckFinite(minValue, "data value");
        MaxValue = CheckFinite(maxValue, "data value");
        UnitSystem = unitSystem;
    }

    public double MinValue { get; protected set; }

    public LimitSource MinValueSource { get; protected set; } = LimitSource.Data;

    public double MaxValue { get; protected set; }

    public LimitSource MaxValueSource { get; protected set; } = LimitSource.Data;

    public string UnitSystem { get; }

    /// <summary>An upper bound the rounded top must not pass, or null.</summary>
    public double? AxisLimit { get; protected set; }

    /// <summary>Distance between labels; null on a log axis.</summary>
    public double? Step { get; protected set; }

    public double Bottom { get; protected set; }

    public double Top { get; protected set; }

    public double Span { get; protected set; }

    public static double CheckFinite(double value, string name = "value")
    {
        if (double.IsNaN(value))
        {
            throw new GraphException($"Encountered NaN {name}");
        }

        if (double.IsInfinity(value))
        {
            throw new GraphException($"Encountered infinite {name}");
        }

        return value;
    }

    /// <summary>A reasonable distance to the other limit when one limit is x.</summary>
    private static double ChooseDelta(double x) => Math.Abs(x) < 1.0e-9 ? 1.0 : 0.1 * Math.Abs(x);

    /// <summary>Makes MinValue &lt; MaxValue by moving whichever limit the user did not fix.</summary>
    private void ReconcileLimits()
    {
        if (MinValue < MaxValue)
        {
            return;
        }

        var minFixed = MinValueSource == LimitSource.Min;
        var maxFixed = MaxValueSource is LimitSource.Max or LimitSource.Limit;
        if (minFixed && maxFixed)
        {
            throw new GraphException($"The {Describe(MinValueSource)} must be less than the {Describe(MaxValueSource)}");
        }

        if (minFixed)
        {
            MaxValue = MinValue + ChooseDelta(MinValue);
        }
        else if (maxFixed)
        {
            MinValue = MaxValue - ChooseDelta(MaxValue);
        }
        else
        {
            var delta = ChooseDelta(Math.Max(Math.Abs(MinValue), Math.Abs(MaxValue)));
            var average = (MinValue + MaxValue) / 2.0;
            MinValue = average - delta;
            MaxValue = average + delta;
        }
    }

    private static string Describe(LimitSource source) => source switch
    {
        LimitSource.Min => "min",
        LimitSource.Max => "max",
        LimitSource.Limit => "limit",
        _ => source.ToString().ToLowerInvariant(),
    };

    /// <param name="axisMin">yMin, or null / NaN to round below the data.</param>
    /// <param name="axisMaxIsExtremum">yMax=max: the top is the data's maximum.</param>
    /// <param name="axisMax">yMax, or null / NaN to round above the data.</param>
    /// <param name="axisLimit">yLimit: the top never goes above it.</param>
    public void ApplySettings(double? axisMin, bool axisMaxIsExtremum, double? axisMax, double? axisLimit)
    {
        if (axisMin is { } min && !double.IsNaN(min))
        {
            MinValueSource = LimitSource.Min;
            MinValue = CheckFinite(min, "axis min");
        }

        if (axisMaxIsExtremum)
        {
            MaxValueSource = LimitSource.Extremum;
        }
        else if (axisMax is { } max && !double.IsNaN(max))
        {
            MaxValueSource = LimitSource.Max;
            MaxValue = CheckFinite(max, "axis max");
        }

        if (axisLimit is not { } limit || double.IsNaN(limit))
        {
            AxisLimit = null;
        }
        else if (limit < MaxValue)
        {
            MaxValue = CheckFinite(limit, "axis limit");
            MaxValueSource = LimitSource.Limit;
            AxisLimit = null;
        }
        else if (double.IsInfinity(limit))
        {
            AxisLimit = null;
        }
        else
        {
            AxisLimit = limit;
        }

        ReconcileLimits();
    }

    public abstract void SetStep(double step);

    public abstract void ChooseStep(IReadOnlyList<int>? divisors, bool binary);

    public abstract void ChooseLimits();

    public abstract List<double> GetLabelValues();

    /// <summary>The label of a tick value: the value in units of the axis' unit system, precision by the span.</summary>
    public string MakeLabel(double value) => AxisLabel.MakeLabel(value, Step, Span, UnitSystem);
}
