using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Mine.Server.Tests.Process;

/// <summary>
/// The durability contract, end to end: every point counted in mine_points_ingested_total before a kill -9 of
/// the real process is queryable after it restarts, and a damaged WAL tail is repaired, not fatal.
/// </summary>
public sealed class KillRecoveryTests : IDisposable
{
    private const int SeriesCount = 2000;
    private const int Steps = 600;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "mine-kill-" + Guid.NewGuid().ToString("N"));
    private readonly long _start = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60) - 86400;

    [Fact]
    public async Task Every_counted_point_survives_kill_9_mid_ingest()
    {
        long counted;
        int httpPort;
        using (var mine = await MineProcess.StartAsync(_data))
        {
            httpPort = mine.HttpPort;
            using var sending = new CancellationTokenSource();
            var sender = SendStreamAsync(mine.PlaintextPort, sending.Token);
            while ((counted = (long)await mine.MetricAsync("mine_points_ingested_total")) < 300_000)
            {
                Assert.False(sender.IsCompleted && sender.IsFaulted, "sender failed");
                await Task.Delay(5);
            }

            mine.Kill9();
            sending.Cancel();
            try
            {
                await sender;
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // the server died under the sender, as intended
            }
        }

        Assert.True(counted < (long)SeriesCount * Steps, "the kill should happen mid-ingest; make the stream longer");

        // Damage the WAL tail the way a torn write would, on top of the kill.
        var segment = Directory.GetFiles(Path.Combine(_data, "wal"), "*.wal").Order(StringComparer.Ordinal).Last();
        await File.AppendAllTextAsync(segment, "\u0007torn-record-garbage");

        using var restarted = await MineProcess.StartAsync(_data, httpPort);
        var values = await ReadAllAsync(restarted);
        var missing = 0;
        var wrong = 0;
        for (long i = 0; i < counted; i++)
        {
            var (series, step) = ((int)(i % SeriesCount), (int)(i / SeriesCount));
            var value = values[series][step];
            if (value is null)
            {
                missing++;
            }
            else if (value != Expected(series, step))
            {
                wrong++;
            }
        }

        Assert.True(missing == 0 && wrong == 0, $"{missing} counted points missing and {wrong} wrong after restart, of {counted}.\n{restarted.Output}");
        Assert.Contains("truncat", restarted.Output, StringComparison.OrdinalIgnoreCase);
    }

    private static double Expected(int series, int step) => series * 1000 + step + 0.25;

    private async Task SendStreamAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, cancellationToken);
        var stream = client.GetStream();
        var text = new StringBuilder(1 << 20);
        for (var step = 0; step < Steps; step++)
        {
            for (var series = 0; series < SeriesCount; series++)
            {
                text.Append("kill.s").Append(series).Append(".m ").Append(Expected(series, step).ToString(System.Globalization.CultureInfo.InvariantCulture))
                    .Append(' ').Append(_start + step * 60L).Append('\n');
            }

            if (text.Length > 1 << 19)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()), cancellationToken);
                text.Clear();
            }
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()), cancellationToken);
    }

    /// <summary>All series through /render?format=json, as [series][step] (null = no point).</summary>
    private async Task<double?[][]> ReadAllAsync(MineProcess mine)
    {
        var url = $"/render?target=kill.*.m&format=json&from={_start - 1}&until={_start + Steps * 60}";
        using var document = JsonDocument.Parse(await mine.Http.GetStringAsync(url));
        var result = new double?[SeriesCount][];
        foreach (var series in document.RootElement.EnumerateArray())
        {
            var name = series.GetProperty("target").GetString()!;
            var index = int.Parse(name.AsSpan(6, name.Length - 8), System.Globalization.CultureInfo.InvariantCulture);
            var points = new double?[Steps];
            foreach (var point in series.GetProperty("datapoints").EnumerateArray())
            {
                var step = (point[1].GetInt64() - _start) / 60;
                if (step is >= 0 and < Steps && point[0].ValueKind == JsonValueKind.Number)
                {
                    points[step] = point[0].GetDouble();
                }
            }

            result[index] = points;
        }

        for (var i = 0; i < SeriesCount; i++)
        {
            result[i] ??= new double?[Steps];
        }

        return result;
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
