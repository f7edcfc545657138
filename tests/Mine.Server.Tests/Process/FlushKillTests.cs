using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Mine.Storage.Engine;

namespace Mine.Server.Tests.Process;

/// <summary>
/// kill -9 of the real <c>mine serve</c> around flushes: a batch written across the automatic flush, a kill at a
/// random moment of an explicit flush, and a kill at each flush step by the crash hook. After the restart every
/// counted point is there with its value.
/// </summary>
public sealed class FlushKillTests : IDisposable
{
    private const int Steps = 1000; // 1,000 minutes: the data spans two 16-hour buckets, so a flush writes two parts
    private readonly string _data = Path.Combine(Path.GetTempPath(), "mine-flushkill-" + Guid.NewGuid().ToString("N"));
    private readonly long _start = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60) - (2 * 86400);

    [Fact]
    public async Task The_batch_that_triggers_an_automatic_flush_survives_kill_9()
    {
        const int series = 2300; // 2.3 M points: the 2 Mi-point head fills and is flushed on its own mid-stream
        int httpPort;
        using (var mine = await MineProcess.StartAsync(_data))
        {
            httpPort = mine.HttpPort;
            await SendAsync(mine.PlaintextPort, series);
            await WaitForCountAsync(mine, series * Steps);
            await WaitUntilAsync(async () => await mine.MetricAsync("mine_storage_flushes_total") >= 1, mine);
            mine.Kill9();
        }

        using var restarted = await MineProcess.StartAsync(_data, httpPort);
        await AssertAllPresentAsync(restarted, series);
    }

    [Fact]
    public async Task A_kill_at_a_random_moment_of_a_flush_loses_nothing()
    {
        const int series = 1250;
        var random = new Random();
        int? httpPort = null;
        for (var run = 0; run < 3; run++)
        {
            using (var mine = await MineProcess.StartAsync(_data, httpPort))
            {
                httpPort = mine.HttpPort;
                if (run == 0)
                {
                    await SendAsync(mine.PlaintextPort, series);
                    await WaitForCountAsync(mine, series * Steps);
                }

                var flush = mine.Admin.PostAsync("/_internal/flush", null);
                await Task.Delay(random.Next(10, 400));
                mine.Kill9();
                try
                {
                    await flush; // finished before the kill, or cut by it: both are fine
                }
                catch (HttpRequestException)
                {
                }
            }

            using var restarted = await MineProcess.StartAsync(_data, httpPort);
            await AssertAllPresentAsync(restarted, series);
            restarted.Kill9();
        }
    }

    [Theory]
    [InlineData(FaultPoints.FlushPartWritten)]
    [InlineData(FaultPoints.FlushPartsComplete)]
    [InlineData(FaultPoints.FlushCommitted)]
    [InlineData(FaultPoints.FlushWalTrimmed)]
    [InlineData(FaultPoints.WalRotated)]
    public async Task A_kill_at_each_flush_step_loses_nothing(string step)
    {
        const int series = 500;
        int httpPort;
        using (var mine = await MineProcess.StartAsync(_data, settings: new Dictionary<string, string> { ["MINE_TEST_CRASH_AT"] = step }))
        {
            httpPort = mine.HttpPort;
            await SendAsync(mine.PlaintextPort, series);
            await WaitForCountAsync(mine, series * Steps);
            _ = mine.Admin.PostAsync("/_internal/flush", null);
            Assert.True(mine.WaitForExit(TimeSpan.FromSeconds(60)), $"mine never reached {step}:\n{mine.Output}");
            Assert.Contains($"killing the process at {step}", mine.Output, StringComparison.Ordinal);
        }

        using var restarted = await MineProcess.StartAsync(_data, httpPort);
        await AssertAllPresentAsync(restarted, series);
    }

    private static double Value(int series, int step) => (series * 1000) + step + 0.25;

    private async Task SendAsync(int port, int series)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        var text = new StringBuilder(1 << 20);
        for (var step = 0; step < Steps; step++)
        {
            for (var s = 0; s < series; s++)
            {
                text.Append("fk.s").Append(s).Append(".m ").Append(Value(s, step).ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Append(' ').Append(_start + (step * 60L)).Append('\n');
            }

            if (text.Length > 1 << 19)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()));
                text.Clear();
            }
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()));
    }

    private static async Task WaitForCountAsync(MineProcess mine, long count) =>
        await WaitUntilAsync(async () => await mine.MetricAsync("mine_points_ingested_total") >= count, mine);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, MineProcess mine)
    {
        var deadline = Environment.TickCount64 + 120_000;
        while (!await condition())
        {
            Assert.True(Environment.TickCount64 < deadline, $"timed out:\n{mine.Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>Per step, how many series have a point and what they sum to, through the render API.</summary>
    private async Task AssertAllPresentAsync(MineProcess mine, int series)
    {
        var range = $"&format=json&from={_start - 1}&until={_start + (Steps * 60)}";
        var counts = await StepValuesAsync(mine, $"/render?target=sumSeries(isNonNull(fk.*.m)){range}");
        var sums = await StepValuesAsync(mine, $"/render?target=sumSeries(fk.*.m){range}");
        var missing = 0L;
        var wrongSteps = 0;
        for (var step = 0; step < Steps; step++)
        {
            var count = counts.GetValueOrDefault(_start + (step * 60L));
            missing += series - (long)count;
            var expected = Enumerable.Range(0, series).Sum(s => Value(s, step));
            if (count == series && Math.Abs(sums.GetValueOrDefault(_start + (step * 60L)) - expected) > 1e-6 * expected)
            {
                wrongSteps++;
            }
        }

        Assert.True(missing == 0 && wrongSteps == 0, $"{missing} counted points missing, {wrongSteps} steps with wrong values after restart.\n{mine.Output}");
    }

    private static async Task<Dictionary<long, double>> StepValuesAsync(MineProcess mine, string url)
    {
        using var document = JsonDocument.Parse(await mine.Http.GetStringAsync(url));
        var values = new Dictionary<long, double>();
        foreach (var series in document.RootElement.EnumerateArray())
        {
            foreach (var point in series.GetProperty("datapoints").EnumerateArray())
            {
                if (point[0].ValueKind == JsonValueKind.Number)
                {
                    values[point[1].GetInt64()] = point[0].GetDouble();
                }
            }
        }

        return values;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
