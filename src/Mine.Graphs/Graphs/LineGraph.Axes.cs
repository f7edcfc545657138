using Mine.Graphs.Layout;

namespace Mine.Graphs.Graphs;

/// <summary>The line graph's axes: consolidation to pixel columns, y ticks (one or two axes), the x-axis layout.</summary>
public sealed partial class LineGraph
{
    private AxisTics? _yTics;
    private AxisTics? _yTicsLeft;
    private AxisTics? _yTicsRight;

    /// <summary>Plot width in pixels, less the line width (glyph.py's graphWidth).</summary>
    public double GraphWidth { get; private set; }

    /// <summary>The single y axis, or null with two axes.</summary>
    public YAxis? Y { get; private set; }

    public YAxis? YLeft { get; private set; }

    public YAxis? YRight { get; private set; }

    public XAxisConfig? XConfig { get; private set; }

    private DateTime _startWall;
    private DateTime _endWall;
    private TimeSpan _utcOffset;
    private double _xScaleFactor;

    /// <summary>
    /// Fits every series to the plot's width: when its points would be closer than minXStep pixels, neighbours
    /// are merged (the series' consolidation function) so each drawn point gets at least that much room.
    /// </summary>
    private void ConsolidateDataPoints()
    {
        var numberOfPixels = GraphWidth = Area.XMax - Area.XMin - (LineWidth + 1);
        var minXStep = Params.Number("minXStep", 1.0);
        foreach (var series in _data)
        {
            var numberOfDataPoints = (double)TimeRange / series.Step;
            var bestXStep = numberOfPixels / numberOfDataPoints;
            if (bestXStep < minXStep)
            {
                var drawableDataPoints = Math.Max(1, (int)(numberOfPixels / minXStep));
                var pointsPerPixel = (int)Math.Min(int.MaxValue, Math.Ceiling(numberOfDataPoints / drawableDataPoints));
                series.Series.Consolidate(Math.Max(1, pointsPerPixel));
                series.XStep = numberOfPixels * pointsPerPixel / numberOfDataPoints;
            }
            else
            {
                series.XStep = bestXStep;
            }
        }
    }

    private void SetupYAxes()
    {
        if (SecondYAxis)
        {
            SetupTwoYAxes();
        }
        else
        {
            SetupYAxis();
        }
    }

    private AxisTics MakeTics(IReadOnlyList<GraphSeries> data, string minName, string maxName, string limitName, string stepName)
    {
        var (min, max) = DataLimits.Of(data, Params.Truthy("drawNullAsZero"), AreaMode == "stacked");
        var unitSystem = Params.Text("yUnitSystem")!;
        AxisTics tics = _logBase is { } logBase ? new LogAxisTics(min, max, unitSystem, logBase) : new LinearAxisTics(min, max, unitSystem);
        var maxIsExtremum = Params.Text(maxName) == "max";
        tics.ApplySettings(Params.NumberOrNull(minName), maxIsExtremum, maxIsExtremum ? null : Params.NumberOrNull(maxName), Params.NumberOrNull(limitName));
        if (Params.Has(stepName))
        {
            tics.SetStep(Params.Number(stepName, 1));
        }
        else
        {
            tics.ChooseStep(YDivisors(), Params.Text("yUnitSystem") == "binary");
        }

        tics.ChooseLimits();
        return tics;
    }

    private List<int> YDivisors()
    {
        var text = Params.Text("yDivisors") ?? "4,5,6";
        var divisors = new List<int>();
        foreach (var part in text.Split(','))
        {
            if (!int.TryParse(part.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var divisor))
            {
                throw new GraphException($"yDivisors={text} must be whole numbers separated by commas, e.g. 4,5,6");
            }

            if (divisor > GraphLimits.MaxYDivisor)
            {
                throw new GraphException($"yDivisors={text}: a divisor may be at most {GraphLimits.MaxYDivisor} (GraphLimits.MaxYDivisor)");
            }

            divisors.Add(divisor);
        }

        if (divisors.Count > GraphLimits.MaxYDivisors)
        {
            throw new GraphException($"yDivisors={text[..Math.Min(60, text.Length)]}...: at most {GraphLimits.MaxYDivisors} divisors (GraphLimits.MaxYDivisors)");
        }

        return divisors;
    }

    private void SetupYAxis()
    {
        var tics = _yTics = MakeTics(_data, "yMin", "yMax", "yLimit", "yStep");
        var axis = new YAxis(tics.Step, tics.Bottom, tics.Top, tics.Span);
        if (!Params.Truthy("hideAxes"))
        {
            axis.LabelValues = tics.GetLabelValues();
            axis.Labels = axis.LabelValues.Select(tics.MakeLabel).ToList();
            axis.LabelWidth = axis.Labels.Count == 0 ? 0 : axis.Labels.Max(Canvas.TextWidth);
            if (!Params.Truthy("hideYAxis"))
            {
                if (Params.Text("yAxisSide") == "left")
                {
                    // Move the plot right just enough for the labels.
                    var xMin = Margin + (axis.LabelWidth * 1.02);
                    if (Area.XMin < xMin)
                    {
                        Area.XMin = xMin;
                    }
                }
                else
                {
                    var xMax = Margin - (axis.LabelWidth * 1.02);
                    if (Area.XMax >= xMax)
                    {
                        Area.XMax = xMax;
                    }
                }
            }
        }

        Y = axis;
    }

    private void SetupTwoYAxes()
    {
        var left = _yTicsLeft = MakeTics(_dataLeft, "yMinLeft", "yMaxLeft", "yLimitLeft", "yStepLeft");
        var right = _yTicsRight = MakeTics(_dataRight, "yMinRight", "yMaxRight", "yLimitRight", "yStepRight");
        YLeft = MakeLabelledAxis(left);
        YRight = MakeLabelledAxis(right);

        var xMin = Margin + (YLeft.LabelWidth * 1.02);
        if (Area.XMin < xMin)
        {
            Area.XMin = xMin;
        }

        var xMax = Width - (YRight.LabelWidth * 1.02);
        if (Area.XMax >= xMax)
        {
            Area.XMax = xMax;
        }
    }

    private YAxis MakeLabelledAxis(AxisTics tics)
    {
        var values = tics.GetLabelValues();
        var labels = values.Select(tics.MakeLabel).ToList();
        return new YAxis(tics.Step, tics.Bottom, tics.Top, tics.Span)
        {
            LabelValues = values,
            Labels = labels,
            LabelWidth = labels.Count == 0 ? 0 : labels.Max(Canvas.TextWidth),
        };
    }

    /// <summary>The x-axis row for the graph's seconds per pixel, and the start and end in the requested time zone.</summary>
    private void SetupXAxis()
    {
        if (!OnCalendar(StartTime!.Value) || !OnCalendar(EndTime))
        {
            // summarize(x, "9000y") and its like end buckets millennia away: no date can label them.
            throw new GraphException($"The time axis ({StartTime} to {EndTime} in Unix seconds) reaches past the years 1 to 9999 that dates can show; narrow the time range or the functions' intervals.");
        }

        var start = DateTimeOffset.FromUnixTimeSeconds(StartTime!.Value);
        _utcOffset = _timeZone.GetUtcOffset(start);
        _startWall = start.UtcDateTime + _utcOffset;
        _endWall = DateTimeOffset.FromUnixTimeSeconds(EndTime).UtcDateTime + _utcOffset;
        var secondsPerPixel = TimeRange / GraphWidth;
        _xScaleFactor = GraphWidth / TimeRange;
        XConfig = XAxisConfig.Choose(secondsPerPixel, TimeRange);
    }

    /// <summary>Whether a time is a date with a day to spare on either side (for the time zone's offset).</summary>
    private static bool OnCalendar(long unixSeconds) =>
        unixSeconds > DateTimeOffset.MinValue.ToUnixTimeSeconds() + 86_400 && unixSeconds < DateTimeOffset.MaxValue.ToUnixTimeSeconds() - 86_400;

    /// <summary>
    /// The pixel row of a value on the given axis (null: the single axis); null on a log axis for values at or
    /// below zero. The axis spans its lowest to highest label.
    /// </summary>
    public double? GetYCoord(double value, string? side = null)
    {
        var axis = side switch
        {
            "left" => YLeft!,
            "right" => YRight!,
            _ => Y!,
        };

        var (lowest, highest) = axis.ValueRange;
        var pixelRange = Area.YMax - Area.YMin;
        var relativeValue = value - lowest;
        var valueRange = highest - lowest;
        if (_logBase is { } logBase)
        {
            if (value <= 0)
            {
                return null;
            }

            relativeValue = (Math.Log(value) / Math.Log(logBase)) - (Math.Log(lowest) / Math.Log(logBase));
            valueRange = (Math.Log(highest) / Math.Log(logBase)) - (Math.Log(lowest) / Math.Log(logBase));
        }

        var pixelToValueRatio = pixelRange / valueRange;
        return Area.YMax - (pixelToValueRatio * relativeValue);
    }

    /// <summary>The pixel column of a wall-clock time on the x axis.</summary>
    private double XCoord(DateTime wall) => Area.XMin + (TimeTicks.Seconds(wall - _startWall) * _xScaleFactor);
}

/// <summary>One laid-out y axis: step, rounded bottom and top, and its labels with their values.</summary>
public sealed class YAxis(double? step, double bottom, double top, double span)
{
    public double? Step { get; } = step;

    public double Bottom { get; } = bottom;

    public double Top { get; } = top;

    public double Span { get; } = span;

    public List<double> LabelValues
    {
        get;
        set
        {
            field = value;
            ValueRange = value.Count > 0 ? (value.Min(), value.Max()) : (Bottom, Top);
        }
    } = [];

    /// <summary>
    /// The values the plot's height spans: lowest to highest label, or bottom to top without labels. Kept with the
    /// labels because every drawn point asks for it.
    /// </summary>
    public (double Lowest, double Highest) ValueRange { get; private set; } = (bottom, top);

    public List<string> Labels { get; set; } = [];

    public double LabelWidth { get; set; }
}
