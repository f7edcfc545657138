namespace Mine.Server.Tests;

/// <summary>Waits for a condition the server reaches asynchronously (no timing assertion: only a deadline).</summary>
internal static class IngestWaits
{
    public static async Task UntilAsync(Func<Task<bool>> condition, int timeoutMs = 20_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("condition not reached");
            }

            await Task.Delay(20);
        }
    }
}
