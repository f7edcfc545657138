namespace Mine.Query.Tests.Functions.FilterSeries;

/// <summary>
/// The series the Filter Series, Filter Data and Sorting tests share. The expected results of those tests were
/// taken from graphite-web 1.1.8 rendering the same values from whisper files.
/// </summary>
internal static class SampleSeries
{
    private const double None = double.NaN;

    /// <summary>a.s1..a.s7: ties (s3/s7, and maxima s1/s2/s5), Nones, one series without values (s4).</summary>
    public static FunctionTestKit Mixed() => new FunctionTestKit()
        .Add("a.s1", 1, 2, 3, 4, 5)
        .Add("a.s2", 5, 4, 3, 2, 1)
        .Add("a.s3", 3, 3, 3, 3, 3)
        .Add("a.s4", None, None, None, None, None)
        .Add("a.s5", 1, None, 5, None, None)
        .Add("a.s6", 2, 4, None, 1, 8)
        .Add("a.s7", 3, 3, 3, 3, 3)
        .Add("c.neg", -1, -2, -3, None, -5)
        .Add("c.zero", 0, 0, 0, 0, 0);

    /// <summary>q.a..q.g: no Nones, spread so that percentile bands cut between them.</summary>
    public static FunctionTestKit Spread() => new FunctionTestKit()
        .Add("q.a", 1, 10, 5, 1, 9)
        .Add("q.b", 2, 20, 6, 2, 8)
        .Add("q.c", 3, 30, 7, 3, 7)
        .Add("q.d", 4, 40, 8, 4, 6)
        .Add("q.e", 5, 50, 9, 5, 5)
        .Add("q.f", 3, 25, 7, 3.5, 7)
        .Add("q.g", 2.5, 22, 6.5, 2.5, 7.5)
        .Add("p.c", 3, 30, 7, 7, 3)
        .Add("p.d", 4, 40, 8, 7, 4)
        .Add("p.e", 5, 50, 9, 7, 5);

    /// <summary>The last node of each name, space-separated.</summary>
    public static string Names(IEnumerable<Mine.Query.Series.TimeSeries> series)
        => string.Join(" ", series.Select(s => s.Name[(s.Name.LastIndexOf('.') + 1)..]));
}
