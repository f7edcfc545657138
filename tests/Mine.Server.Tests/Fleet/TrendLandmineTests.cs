using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Mine.Server.Tests.Fleet;

public class TrendLandmineTests
{
    [Fact]
    public async Task A_disk_filling_through_plaintext_is_listed_as_a_trend_with_when_it_is_full()
    {
        await using var server = await MineTestServer.StartAsync(settings: new Dictionary<string, string?> { ["Mine:Fleet:LandmineRefreshSeconds"] = "1" });
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var t = now - (now % 60);
        var text = new StringBuilder();
        var points = 0;
        const double size = 100e9, reserved = 5e9, filledPerHour = 6e9; // web-03's var: 35 GB free now, 6 GB more an hour
        for (var host = 1; host <= 8; host++)
        {
            var name = $"web-{host:00}";
            for (var m = 6 * 60; m >= 0; m -= 2)
            {
                var time = t - (m * 60);
                var noise = 1 + (0.002 * Math.Sin((host * 7) + (m * 3.1)));
                var used = host == 3 ? (60e9 - (filledPerHour * m / 60.0)) * noise : (40e9 + (host * 1e9)) * noise;
                var memory = 4e9 * (1 + (0.01 * Math.Sin((host * 5) + (m * 1.7))));
                text.Append(CultureInfo.InvariantCulture, $"{name}.df-var.df_complex-used {used} {time}\n{name}.df-var.df_complex-free {size - reserved - used} {time}\n");
                text.Append(CultureInfo.InvariantCulture, $"{name}.df-var.df_complex-reserved {reserved} {time}\n");
                text.Append(CultureInfo.InvariantCulture, $"{name}.memory.memory-used {memory} {time}\n{name}.memory.memory-free {16e9 - memory} {time}\n");
                points += 5;
            }
        }

        await server.SendPlaintextAsync(text.ToString());
        await server.WaitForMetricAsync("mine_points_ingested_total", points);

        // Trends are kept for ten level computations (10 s here) unless the fleet's size changes: wait for one made
        // after the last point arrived.
        JsonElement[] trends = [];
        for (var attempt = 0; attempt < 40 && trends.Length == 0; attempt++)
        {
            await Task.Delay(1000);
            using var answer = JsonDocument.Parse(await server.Http.GetStringAsync("/api/fleet/landmines"));
            trends = [.. answer.RootElement.GetProperty("trends").EnumerateArray().Select(static e => e.Clone())];
        }

        var trend = Assert.Single(trends);
        Assert.Equal("trend", trend.GetProperty("kind").GetString());
        Assert.Equal("web-03", trend.GetProperty("host").GetString());
        Assert.Equal("disk", trend.GetProperty("metric").GetString());
        Assert.Equal("df-var", trend.GetProperty("subject").GetString());
        Assert.Equal(size - reserved, trend.GetProperty("limit").GetDouble(), 0);
        Assert.InRange(trend.GetProperty("ratePerHour").GetDouble(), filledPerHour * 0.95, filledPerHour * 1.05);
        var hours = (trend.GetProperty("expectedAt").GetInt64() - now) / 3600.0;
        Assert.InRange(hours, 35.0 / 6 * 0.9, 35.0 / 6 * 1.1); // 35 GB at 6 GB/h: full in about 5.8 h
        Assert.Contains("reaches the limit in", trend.GetProperty("evidence").GetString(), StringComparison.Ordinal);

        // The same verdict as a graph: timeToLimit() over the same window, its newest value the same hours.
        var target = trend.GetProperty("timeToLimitTarget").GetString()!;
        using var drawn = JsonDocument.Parse(await server.Http.GetStringAsync($"/render?format=json&from=-6h&target={Uri.EscapeDataString(target)}"));
        var last = Assert.Single(drawn.RootElement.EnumerateArray()).GetProperty("datapoints").EnumerateArray()
            .Where(static p => p[0].ValueKind == JsonValueKind.Number).Last();
        Assert.InRange(last[0].GetDouble(), hours - 0.5, hours + 0.5);
    }
}
