namespace Mine.Graphs.Layout;

/// <summary>Ticks at the powers of a logarithm base (logBase=10, logBase=2, logBase=e).</summary>
public sealed class LogAxisTics : AxisTics
{
    public LogAxisTics(double minValue, double maxValue, string unitSystem, double logBase)
        : base(minValue, maxValue, unitSystem)
    {
        if (logBase <= 1.0)
        {
            throw new GraphException("logBase must be greater than one");
        }

        Base = CheckFinite(logBase, "log base");
    }

    public double Base { get; }

    // The step is meaningless on a log axis.
    public override void SetStep(double step) => Step = null;

    public override void ChooseStep(IReadOnlyList<int>? divisors, bool binary) => Step = null;

    public override void ChooseLimits()
    {
        if (MinValue <= 0)
        {
            throw new GraphException("a logarithmic scale (logBase) needs data above zero; this data's minimum is zero or less");
        }

        Bottom = Math.Pow(Base, Math.Floor(Math.Log(MinValue) / Math.Log(Base)));
        Top = Math.Pow(Base, Math.Ceiling(Math.Log(MaxValue) / Math.Log(Base)));
        Span = Top - Bottom;
        if (Span == 0)
        {
            Top *= Base;
            Span = Top - Bottom;
        }
    }

    public override List<double> GetLabelValues()
    {
        // A base just above one over a wide range would label every tiny power: count them first.
        var labels = (Math.Log(Top) - Math.Log(Bottom)) / Math.Log(Base);
        if (!(labels <= GraphLimits.MaxAxisLabels))
        {
            throw new GraphException($"logBase={Base} makes more than {GraphLimits.MaxAxisLabels} labels over this data's range (GraphLimits.MaxAxisLabels); use a larger base");
        }

        var values = new List<double>();
        var value = Math.Pow(Base, Math.Ceiling((Math.Log(Bottom) / Math.Log(Base)) - Epsilon));
        while (value < Top * (1.0 + Epsilon))
        {
            values.Add(value);
            value *= Base;
        }

        return values;
    }
}
