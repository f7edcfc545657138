namespace Mine.Query.Functions.Fleet;

/// <summary>
/// The statistics of the combined verdict (docs/ui.md, "Landmines"; decision 0029): log-ratios to the group's median,
/// robust scores across members with a floor on the spread, Stouffer's combination of a member's scores over several
/// metrics, and the threshold that keeps false alarms under a target rate. The landmine detection and the render
/// function <c>landmineScore()</c> both call these.
/// </summary>
public static partial class RobustStatistics
{
    /// <summary>Per-metric scores are held within ±this before they are combined: one wild metric is evidence of its
    /// own (it is listed by itself), not a reason to call every other metric off too.</summary>
    public const double CombineCap = 10;

    /// <summary>log(value + ε) − log(median + ε): how many times above (positive) or below (negative) the group's
    /// median a value is, on a scale where a host twice its peers and one half of them are equally far. NaN when
    /// either is missing or negative.</summary>
    public static double LogRatio(double value, double median, double epsilon) =>
        double.IsNaN(value) || double.IsNaN(median) || value + epsilon <= 0 || median + epsilon <= 0 ? double.NaN : Math.Log(value + epsilon) - Math.Log(median + epsilon);

    /// <summary>
    /// Robust scores of <paramref name="values"/> against each other: (value − median) / max(1.4826 × MAD,
    /// <paramref name="floor"/>). The floor keeps a group whose members are all alike (MAD near 0) from calling the
    /// smallest difference infinite. NaN stays NaN; all NaN when fewer than <see cref="MinimumMembers"/> are present.
    /// </summary>
    public static double[] FlooredScores(ReadOnlySpan<double> values, double floor)
    {
        var spread = Spread(values);
        var scale = Math.Max(double.IsNaN(spread.Scale) ? 0 : spread.Scale, floor);
        var scores = new double[values.Length]; // reserved: one score per member, the size of the caller's own row
        for (var i = 0; i < values.Length; i++)
        {
            scores[i] = !spread.IsKnown || double.IsNaN(values[i]) || scale <= 0 ? double.NaN : (values[i] - spread.Median) / scale;
        }

        return scores;
    }

    /// <summary>Stouffer's combination of one member's scores over several metrics: their sum (each held within
    /// ±<see cref="CombineCap"/>) over √n, NaN ignored; NaN when none is present. Independent standard normal scores
    /// give a standard normal result; correlated ones do not, which is why the detection calibrates it against the
    /// group (<see cref="FlooredScores"/> of the combined values, floor 1).</summary>
    public static double Stouffer(ReadOnlySpan<double> scores)
    {
        var (sum, count) = (0.0, 0);
        foreach (var score in scores)
        {
            if (!double.IsNaN(score))
            {
                sum += Math.Clamp(score, -CombineCap, CombineCap);
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / Math.Sqrt(count);
    }

    /// <summary>
    /// The two-sided threshold on a standard normal score that keeps the chance of any false alarm among
    /// <paramref name="members"/> members under <paramref name="falseAlarmRate"/> (Bonferroni:
    /// Φ⁻¹(1 − rate / (2 × members))). 20 members at 0.05: 3.02; 100 members: 3.48.
    /// </summary>
    public static double BonferroniThreshold(double falseAlarmRate, int members) =>
        NormalQuantile(1 - (falseAlarmRate / (2.0 * Math.Max(1, members))));

    /// <summary>Φ⁻¹(p), the standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9).</summary>
    public static double NormalQuantile(double p)
    {
        if (double.IsNaN(p) || p <= 0 || p >= 1)
        {
            return p == 0 ? double.NegativeInfinity : p == 1 ? double.PositiveInfinity : double.NaN;
        }

        ReadOnlySpan<double> a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        ReadOnlySpan<double> b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        ReadOnlySpan<double> c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        ReadOnlySpan<double> d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double Low = 0.02425;
        if (p < Low || p > 1 - Low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p < Low ? p : 1 - p));
            var x = (((((((((c[0] * q) + c[1]) * q) + c[2]) * q) + c[3]) * q) + c[4]) * q) + c[5];
            var y = (((((((d[0] * q) + d[1]) * q) + d[2]) * q) + d[3]) * q) + 1;
            return p < Low ? x / y : -x / y;
        }

        var r = p - 0.5;
        var s = r * r;
        var num = (((((((((a[0] * s) + a[1]) * s) + a[2]) * s) + a[3]) * s) + a[4]) * s) + a[5];
        var den = (((((((((b[0] * s) + b[1]) * s) + b[2]) * s) + b[3]) * s) + b[4]) * s) + 1;
        return num * r / den;
    }
}

public static partial class RobustStatistics
{
    /// <summary>Robust spread (log units) of the hosts' deviations from their own normals, at least this: the floor of
    /// <see cref="OwnNormalScores"/> and the landmine detection's.</summary>
    public const double DeviationFloor = 0.05;

    /// <summary>
    /// One metric's scores against own normals, host by host and point by point: each host's log-ratio to the group's
    /// median (ε: 1 % of the typical median), minus its own normal (its median ratio before the trailing
    /// <paramref name="windowPoints"/>, or over everything when that leaves fewer than three windows), scored across
    /// the hosts with <see cref="FlooredScores"/>. Hosts without a series of the metric are NaN throughout.
    /// </summary>
    /// <param name="hosts">How many hosts there are.</param>
    /// <param name="members">Host index → index of its series in <paramref name="points"/>.</param>
    /// <param name="newValues">Where the per-point arrays come from (a render reserves them against its limits).</param>
    public static double[][] OwnNormalScores(int hosts, IReadOnlyDictionary<int, int> members, double[][] points, int length, int windowPoints, Func<long, double[]> newValues)
    {
        var medians = newValues(length);
        var row = new double[hosts]; // reserved: one row of members, as the caller's series list
        for (var t = 0; t < length; t++)
        {
            for (var h = 0; h < hosts; h++)
            {
                row[h] = members.TryGetValue(h, out var s) && t < points[s].Length ? points[s][t] : double.NaN;
            }

            medians[t] = Spread(row).Median;
        }

        var epsilon = Math.Max(1e-9, 0.01 * Math.Abs(Functions.AggregationFunctions.SafeMedian(medians) is var typical && double.IsNaN(typical) ? 0 : typical));
        var deviations = new double[hosts][];
        var history = length - windowPoints >= 3 * windowPoints ? length - windowPoints : length;
        for (var h = 0; h < hosts; h++)
        {
            deviations[h] = newValues(length);
            var own = members.TryGetValue(h, out var s) ? points[s] : [];
            for (var t = 0; t < length; t++)
            {
                deviations[h][t] = LogRatio(t < own.Length ? own[t] : double.NaN, medians[t], epsilon);
            }

            var normal = Functions.AggregationFunctions.SafeMedian(deviations[h].AsSpan(0, history));
            for (var t = 0; t < length; t++)
            {
                deviations[h][t] -= normal;
            }
        }

        var scores = Enumerable.Range(0, hosts).Select(_ => newValues(length)).ToArray();
        for (var t = 0; t < length; t++)
        {
            for (var h = 0; h < hosts; h++)
            {
                row[h] = deviations[h][t];
            }

            var at = FlooredScores(row, DeviationFloor);
            for (var h = 0; h < hosts; h++)
            {
                scores[h][t] = at[h];
            }
        }

        return scores;
    }

    /// <summary>Per host and point, <see cref="Stouffer"/> over the metrics' scores, then scored against the other
    /// hosts at that point with a spread of at least 1 (metrics that move together inflate the combination; the
    /// group's own spread of it calibrates that away).</summary>
    public static double[][] CombinedScores(IReadOnlyList<double[][]> perMetric, int hosts, int length, Func<long, double[]> newValues)
    {
        var combined = Enumerable.Range(0, hosts).Select(_ => newValues(length)).ToArray();
        var row = new double[hosts]; // reserved: one row of members, as the caller's series list
        var scores = new double[perMetric.Count]; // reserved: one score per metric
        for (var t = 0; t < length; t++)
        {
            for (var h = 0; h < hosts; h++)
            {
                for (var m = 0; m < perMetric.Count; m++)
                {
                    scores[m] = perMetric[m][h][t];
                }

                row[h] = Stouffer(scores);
            }

            var at = FlooredScores(row, 1);
            for (var h = 0; h < hosts; h++)
            {
                combined[h][t] = at[h];
            }
        }

        return combined;
    }
}
