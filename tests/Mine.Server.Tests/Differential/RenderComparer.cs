using System.Globalization;
using System.Text.Json;

namespace Mine.Server.Tests.Differential;

/// <summary>
/// Compares two /render?format=json answers: status class, then series count, names and order, tags (as a set of
/// pairs), timestamps, and values within 1e-9 relative (null only equals null; ±1e9999 is ±infinity).
/// Gives the first difference in words, or null when they agree.
/// </summary>
internal static class RenderComparer
{
    private const double RelativeTolerance = 1e-9;

    public static string? Compare(Answer graphite, Answer mine, bool shapeOnly)
    {
        if (graphite.Status == 0 || mine.Status == 0)
        {
            return $"no answer: graphite {graphite.Status} {Excerpt(graphite.Body)} | mine {mine.Status} {Excerpt(mine.Body)}";
        }

        var graphiteOk = graphite.Status is >= 200 and < 300;
        var mineOk = mine.Status is >= 200 and < 300;
        if (graphiteOk != mineOk)
        {
            return $"status: graphite {graphite.Status} {Excerpt(graphite.Body)} | mine {mine.Status} {Excerpt(mine.Body)}";
        }

        if (!graphiteOk)
        {
            return null; // both refuse the request; messages are not compared
        }

        List<Series> expected, actual;
        try
        {
            expected = Parse(graphite.Body);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            return $"graphite's answer is not render json ({e.Message}): {Excerpt(graphite.Body)}";
        }

        try
        {
            actual = Parse(mine.Body);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            return $"mine's answer is not render json ({e.Message}): {Excerpt(mine.Body)}";
        }

        var common = Math.Min(expected.Count, actual.Count);
        for (var i = 0; i < common; i++)
        {
            var difference = CompareSeries(i, expected[i], actual[i], shapeOnly);
            if (difference is not null)
            {
                return difference + (expected.Count != actual.Count ? $" (and graphite has {expected.Count} series, mine {actual.Count})" : "");
            }
        }

        if (expected.Count != actual.Count)
        {
            return $"series count: graphite {expected.Count}, mine {actual.Count}; "
                + (expected.Count > actual.Count ? $"graphite's extra: {Names(expected.Skip(common))}" : $"mine's extra: {Names(actual.Skip(common))}");
        }

        return null;
    }

    private static string? CompareSeries(int index, Series expected, Series actual, bool shapeOnly)
    {
        var where = $"series {index}";
        if (expected.Target != actual.Target)
        {
            return $"{where} name: graphite {Quote(expected.Target)}, mine {Quote(actual.Target)}";
        }

        where += $" {Quote(expected.Target)}";
        var tagDifference = CompareTags(expected.Tags, actual.Tags);
        if (tagDifference is not null)
        {
            return $"{where} tags: {tagDifference}";
        }

        if (expected.Points.Count != actual.Points.Count)
        {
            return $"{where} length: graphite {expected.Points.Count} points {Span(expected)}, mine {actual.Points.Count} {Span(actual)}";
        }

        string? first = null;
        var differing = 0;
        for (var p = 0; p < expected.Points.Count; p++)
        {
            var (ev, et) = expected.Points[p];
            var (av, at) = actual.Points[p];
            string? difference = null;
            if (et != at)
            {
                difference = $"point {p} timestamp: graphite {et}, mine {at}";
            }
            else if (!shapeOnly && !ValuesEqual(ev, av))
            {
                difference = $"point {p} (t={et}): graphite {Show(ev)}, mine {Show(av)}";
            }

            if (difference is not null)
            {
                first ??= difference;
                differing++;
            }
        }

        return first is null ? null : $"{where} {first}{(differing > 1 ? $" ({differing} points differ)" : "")}";
    }

    private static string? CompareTags(Dictionary<string, string>? expected, Dictionary<string, string>? actual)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null ? null : $"graphite {(expected is null ? "has none" : "has tags")}, mine {(actual is null ? "has none" : "has tags")}";
        }

        foreach (var (key, value) in expected)
        {
            if (!actual.TryGetValue(key, out var other))
            {
                return $"mine lacks {key}={value}";
            }

            if (other != value && !NumbersEqual(value, other))
            {
                return $"{key}: graphite {value}, mine {other}";
            }
        }

        var extra = actual.Keys.Where(k => !expected.ContainsKey(k)).Select(k => $"{k}={actual[k]}").ToList();
        return extra.Count == 0 ? null : $"mine has extra {string.Join(", ", extra)}";
    }

    /// <summary>Numeric tag values compare as numbers (Python's 5 and Mine's 5.0 are the same value).</summary>
    private static bool NumbersEqual(string expected, string actual)
        => double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var e)
            && double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) && ValuesEqual(e, a);

    public static bool ValuesEqual(double? expected, double? actual)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null;
        }

        double e = expected.Value, a = actual.Value;
        if (e.Equals(a))
        {
            return true;
        }

        if (!double.IsFinite(e) || !double.IsFinite(a))
        {
            return false;
        }

        return Math.Abs(e - a) <= RelativeTolerance * Math.Max(Math.Abs(e), Math.Abs(a));
    }

    public static List<Series> Parse(string body)
    {
        using var document = JsonDocument.Parse(body);
        var result = new List<Series>();
        foreach (var element in document.RootElement.EnumerateArray())
        {
            Dictionary<string, string>? tags = null;
            if (element.TryGetProperty("tags", out var tagsElement) && tagsElement.ValueKind == JsonValueKind.Object)
            {
                tags = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var tag in tagsElement.EnumerateObject())
                {
                    // Strings are kept quoted, other values as JSON text: a number tag is not the same as a string one.
                    tags[tag.Name] = tag.Value.ValueKind == JsonValueKind.String ? "\"" + tag.Value.GetString() + "\"" : tag.Value.GetRawText();
                }
            }

            var points = new List<(double?, long)>();
            foreach (var point in element.GetProperty("datapoints").EnumerateArray())
            {
                var value = point[0];
                // graphite writes ±Infinity as ±1e9999, which only double.Parse (not JsonElement.GetDouble) takes as ±∞.
                double? number = value.ValueKind == JsonValueKind.Null ? null : double.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
                points.Add((number, (long)point[1].GetDouble()));
            }

            // A None name (verticalLine without a label) is JSON null, not the string "None".
            result.Add(new Series(element.GetProperty("target").GetString(), tags, points));
        }

        return result;
    }

    private static string Quote(string? name) => name is null ? "null" : "'" + name + "'";

    private static string Show(double? value) => value is null ? "null" : value.Value.ToString("R", CultureInfo.InvariantCulture);

    private static string Span(Series series)
        => series.Points.Count == 0 ? "" : $"[{series.Points[0].Time}..{series.Points[^1].Time}]";

    private static string Names(IEnumerable<Series> series)
    {
        var names = series.Select(s => Quote(s.Target)).ToList();
        return string.Join(", ", names.Take(3)) + (names.Count > 3 ? $" (+{names.Count - 3} more)" : "");
    }

    public static string Excerpt(string body)
    {
        var flat = body.ReplaceLineEndings(" ").Trim();
        return flat.Length <= 200 ? flat : flat[..200] + "...";
    }

    /// <summary>An HTTP answer.</summary>
    public sealed record Answer(int Status, string Body);

    /// <summary>One series of a json render answer.</summary>
    public sealed record Series(string? Target, Dictionary<string, string>? Tags, List<(double? Value, long Time)> Points);
}
