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
