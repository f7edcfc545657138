namespace Mine.Query.Tests.Functions.Alias;

/// <summary>
/// The series the expected outputs of the Alias, Graph and Special tests were taken from: the same names and
/// values were written to whisper files of a graphite-web 1.1.8 and queried there (NaN = None).
/// </summary>
internal static class ReferenceSeries
{
    private const double N = double.NaN;

    public static FunctionTestKit Kit() => new FunctionTestKit()
        .Add("alias-special.a.b", 1, 1, N, 2, 2, 3, N, N, 3)
        .Add("alias-special.a.c", 0.125, 2.675, 1234567, 2048, 0.001, N, N, N, N)
        .Add("alias-special.big.v", 1500000, 2500000000, 3, 5242880, N, N, N, N, N)
        .Add("alias-special.neg.v", -5, -1500, 0, N, -0.004, N, N, N, N)
        .Add("alias-special.zero.v", 0, 0, 0, N, 0, N, N, N, N)
        .Add("alias-special.chan.power.1", 1, 2, 3, N, N, N, N, N, N)
        .Add("alias-special.chan.frequency.1", 100, 200, 300, N, N, N, N, N, N)
        .Add("alias-special.chan.power.2", 1, 2, 3, N, N, N, N, N, N)
        .Add("alias-special.chan.frequency.2", 2400.5, N, 2412.7, N, N, N, N, N, N)
        .Add("alias-special.ip.TCP80.x", 1, 2, N, 4, 5, N, N, N, N)
        .Add("alias-special.ip.TCP443.x", 10, 20, 30, 40, 50, N, N, N, N);

    public const string AB = "[1.0, 1.0, None, 2.0, 2.0, 3.0, None, None, 3.0]";
    public const string AC = "[0.125, 2.675, 1234567.0, 2048.0, 0.001, None, None, None, None]";
    public const string Big = "[1500000.0, 2500000000.0, 3.0, 5242880.0, None, None, None, None, None]";
    public const string Neg = "[-5.0, -1500.0, 0.0, None, -0.004, None, None, None, None]";
    public const string Zero = "[0.0, 0.0, 0.0, None, 0.0, None, None, None, None]";
    public const string Power = "[1.0, 2.0, 3.0, None, None, None, None, None, None]";
}
