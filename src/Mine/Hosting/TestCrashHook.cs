namespace Mine.Hosting;

/// <summary>
/// Crash tests of the real process: <c>MINE_TEST_CRASH_AT=flush.part-written[:N]</c> makes Mine kill itself with
/// SIGKILL the N-th time storage reaches that step (<see cref="Mine.Storage.Engine.FaultPoints"/>), so a test can
/// prove that a crash there loses nothing acknowledged. Unset in production: then there is no hook at all.
/// </summary>
internal static class TestCrashHook
{
    public const string Variable = "MINE_TEST_CRASH_AT";

    public static Action<string>? FromEnvironment()
    {
        var setting = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(setting))
        {
            return null;
        }

        var parts = setting.Split(':', 2);
        var point = parts[0];
        var remaining = parts.Length > 1 && int.TryParse(parts[1], out var n) ? n : 1;
        return hit =>
        {
            if (hit == point && Interlocked.Decrement(ref remaining) == 0)
            {
                Console.Error.WriteLine($"mine: {Variable}: killing the process at {hit}");
                System.Diagnostics.Process.GetCurrentProcess().Kill();
            }
        };
    }
}
