namespace Mine.Query.Functions;

/// <summary>Order statistics without a full sort: what percentiles and medians of long spans need.</summary>
internal static class Selection
{
    /// <summary>Reorders <paramref name="values"/> so that the k-th smallest is at k, the smaller ones before it and
    /// the larger after (Hoare partition around the median of three); returns it. No NaN among the values.</summary>
    public static double KthSmallest(Span<double> values, int k)
    {
        var (left, right) = (0, values.Length - 1);
        while (right > left)
        {
            var middle = left + ((right - left) / 2);
            if (values[middle] < values[left])
            {
                (values[middle], values[left]) = (values[left], values[middle]);
            }

            if (values[right] < values[left])
            {
                (values[right], values[left]) = (values[left], values[right]);
            }

            if (values[right] < values[middle])
            {
                (values[right], values[middle]) = (values[middle], values[right]);
            }

            var pivot = values[middle];
            var (i, j) = (left, right);
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (pivot < values[j])
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            // Now [left, j] <= pivot <= [i, right], and anything between j and i equals the pivot.
            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                break;
            }
        }

        return values[k];
    }
}

/// <summary>
/// A Theil–Sen line: <see cref="Slope"/> per unit of x (per second for times), through (<see cref="Origin"/>,
/// <see cref="Level"/>). <see cref="Tau"/> is Kendall's tau (-1 to 1) of the points, <see cref="RisingFraction"/>
/// the share of pairs that rise; <see cref="Points"/> present points from <see cref="FirstX"/> to <see cref="LastX"/>.
/// </summary>
public readonly record struct TrendFit(double Slope, double Origin, double Level, double Tau, double RisingFraction, int Points, double FirstX, double LastX)
{
    /// <summary>Sen's intercept: the line's value at x = 0 (median of y − slope × x).</summary>
    public double Intercept => Level - (Slope * Origin);

    /// <summary>The line's value at <paramref name="x"/>.</summary>
    public double ValueAt(double x) => Level + (Slope * (x - Origin));

    /// <summary>The x at which the line reaches <paramref name="limit"/> going up; null when it does not rise. Before
    /// <see cref="LastX"/> when the line is past the limit already.</summary>
    public double? WhenReaches(double limit) => Slope > 0 && double.IsFinite(limit) ? Origin + ((limit - Level) / Slope) : null;
}
