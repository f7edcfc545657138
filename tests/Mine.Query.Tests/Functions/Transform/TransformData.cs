namespace Mine.Query.Tests.Functions.Transform;

/// <summary>
/// The series the Transform tests share, ten one-minute points each from <see cref="FunctionTestKit.Start"/>.
/// Expected outputs were taken from graphite-web 1.1.8 fed the same values (as transform.* whisper files).
/// </summary>
internal static class TransformData
{
    private const double N = double.NaN;

    public static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("a.b", 1, N, -1.5, 4, 0.5, N, N, 8, 2.25, -3)
        .Add("a.c", 10, 20, 30, 25, 5, N, 40, 100, 3, 7)
        .Add("ctr.x", 100, 110, 130, N, 10, 20, 4294967290, 5, N, 50)
        .Add("p.q", 0.1, 0.5, N, 0.9, 1, 0, 0.25, -0.5, 2, 0.75)
        .Add("r.s", 0.5, 1.5, 2.5, -2.5, 2.675, 1234.5678, N, 0.0078125, -0.0001, 125);

    /// <summary>Evaluates over the ten points and describes the result as "name [values]" lines.</summary>
    public static string Run(string target) => FunctionTestKit.Describe(Kit().Evaluate(target));

    /// <summary>The message of the 400 the target fails with.</summary>
    public static string Error(string target) => Xunit.Assert.Throws<QueryArgumentException>(() => Kit().Evaluate(target)).Message;
}
