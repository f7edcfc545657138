namespace Mine.Graphs.Layout;

/// <summary>Ticks at a uniform, round step (1, 2 or 5 times a power of ten; powers of two for binary units).</summary>
public sealed class LinearAxisTics(double minValue, double maxValue, string unitSystem) : AxisTics(minValue, maxValue, unitSystem)
{
    private bool _binary;

    public override void SetStep(double step) => Step = CheckFinite(step, "axis step");

    /// <summary>Allowed steps ≥ minStep, increasing.</summary>
    private IEnumerable<double> GenerateSteps(double minStep)
    {
        CheckFinite(minStep);
        double @base;
        double[] mantissas;
        double exponent;
        if (_binary)
        {
            @base = 2.0;
            mantissas = [1.0];
            exponent = Math.Floor((Math.Log(minStep) / Math.Log(2.0)) - Epsilon);
        }
        else
        {
            @base = 10.0;
            mantissas = [1.0, 2.0, 5.0];
            exponent = Math.Floor(Math.Log10(minStep) - Epsilon);
        }

        while (true)
        {
            var multiplier = Math.Pow(@base, exponent);
            foreach (var mantissa in mantissas)
            {
                var value = mantissa * multiplier;
                if (value >= minStep * (1.0 - Epsilon))
                {
                    yield return value;
                }
            }

            exponent += 1;
        }
    }

    /// <summary>The white space outside [min, max] this step and divisor leave, or null if they cannot cover it.</summary>
    private double? ComputeSlop(double step, int divisor)
    {
        var bottom = step * Math.Floor((MinValue / step) + Epsilon);
        var top = bottom + (step * divisor);
        return top >= MaxValue - (Epsilon * step) ? Math.Max(top - MaxValue, MinValue - bottom) : null;
    }

    /// <summary>
    /// The step whose rounded range wastes the least space for one of the divisors (glyph.py's chooseStep): steps
    /// are tried from the smallest that could cover the range until no larger one can beat the best slop.
    /// </summary>
    public override void ChooseStep(IReadOnlyList<int>? divisors, bool binary)
    {
        _binary = binary;
        divisors ??= [4, 5, 6];
        foreach (var divisor in divisors)
        {
            if (divisor < 1)
            {
                throw new GraphException("yDivisors must be whole numbers of at least one");
            }
        }

        if (MinValue == MaxValue)
        {
            if (MinValue == 0.0)
            {
                MaxValue = 1.0;
            }
            else if (MinValue < 0.0)
            {
                MinValue *= 1.1;
                MaxValue *= 0.9;
            }
            else
            {
                MinValue *= 0.9;
                MaxValue *= 1.1;
            }
        }

        var variance = MaxValue - MinValue;
        double? bestSlop = null;
        double? bestStep = null;
        var maxDivisor = divisors.Max();
        var minDivisor = divisors.Min();
        foreach (var step in GenerateSteps(variance / maxDivisor))
        {
            if (bestSlop is { } best && step * minDivisor >= (2 * best) + variance)
            {
                break;
            }

            foreach (var divisor in divisors)
            {
                var slop = ComputeSlop(step, divisor);
                if (slop is { } s && (bestSlop is null || s < bestSlop))
                {
                    bestSlop = s;
                    bestStep = step;
                }
            }
        }

        Step = bestStep;
    }

    public override void ChooseLimits()
    {
        var step = Step!.Value;
        Bottom = MinValueSource == LimitSource.Data ? step * Math.Floor((MinValue / step) + Epsilon) : MinValue;
        if (MaxValueSource == LimitSource.Data)
        {
            Top = step * Math.Ceiling((MaxValue / step) - Epsilon);
            if (AxisLimit is { } limit && Top > limit + (Epsilon * step))
            {
                Top = limit;
            }
        }
        else
        {
            Top = MaxValue;
        }

        Span = Top - Bottom;
        if (Span == 0)
        {
            Top += 1;
            Span += 1;
        }
    }

    public override List<double> GetLabelValues()
    {
        if (Step is not > 0.0)
        {
            throw new GraphException("yStep must be positive");
        }

        if (Span > GraphLimits.MaxAxisLabels * Step.Value)
        {
            // A user step that would make more than a thousand labels: choose a sane one instead.
            ChooseStep(null, false);
        }

        var step = Step.Value;
        var values = new List<double>();
        var start = step * Math.Ceiling((Bottom / step) - Epsilon);
        for (var i = 0; ; i++)
        {
            var value = start + (i * step);
            if (value > Top + (Epsilon * step))
            {
                break;
            }

            values.Add(value);
        }

        return values;
    }
}
