using System.Globalization;
using System.Text;
using Mine.ClickHouse.Schema;
using Mine.Storage.Schemas;
using Mine.TestKit.ClickHouse;
using Xunit.Abstractions;

namespace Mine.Server.Tests.ClickHouse;

/// <summary>
/// ClickHouse's rollup against the embedded engine, with real times and short rules given to both Mines (10 s for 10
/// minutes, then 60 s for a day; sum for .count, average otherwise, and one rule with an xFilesFactor), the rollup
/// section made from the same rules by <see cref="ClickHouseSchema.RollupXml"/>:
/// <list type="bullet">
/// <item>points sent 20 to 60 minutes old, older than the first retention: both stores keep the last point of each
/// minute, ClickHouse's merge (/_internal/compact runs OPTIMIZE … FINAL) included;</item>
/// <item>points sent just younger than ten minutes, then compacted once they are older: ClickHouse's rollup sums or
/// averages each minute, as the embedded engine aggregates the 10-second slots when it reads the 60-second archive.</item>
/// </list>
/// Renders over those minutes must read at 60 s and answer byte for byte alike, and ClickHouse's table must really
/// hold one row a minute.
/// </summary>
public sealed class ClickHouseRollupVsEmbeddedTests(ITestOutputHelper output)
{
    private const string Schemas = """
        [short]
        pattern = .*
        retentions = 10s:10m,60s:1d
        """;

    private const string Aggregation = """
        [count]
        pattern = \.count$
        xFilesFactor = 0
        aggregationMethod = sum

        [sparse]
        pattern = \.sparse$
        xFilesFactor = 0.5
        aggregationMethod = average

        [default]
        pattern = .*
        xFilesFactor = 0
        aggregationMethod = average
        """;

    private static readonly string[] Hosts = ["web01", "web02", "web03"];

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [ClickHouseFact]
    public async Task Minutes_older_than_the_first_retention_read_at_60_s_as_on_the_embedded_engine()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mine-ch-rollup-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var schemasFile = Path.Combine(folder, "storage-schemas.conf");
            var aggregationFile = Path.Combine(folder, "storage-aggregation.conf");
            await File.WriteAllTextAsync(schemasFile, Schemas);
            await File.WriteAllTextAsync(aggregationFile, Aggregation);
            var rollup = ClickHouseSchema.RollupXml(RollupRules.From(StorageSchemas.Parse(Schemas, schemasFile), StorageAggregation.Parse(Aggregation, aggregationFile)), "graphite_rollup");
            await using var clickHouse = await ClickHouseServer.StartAsync(new() { Name = "rollup-vs", GraphiteRollups = [rollup] });
            var rules = new Dictionary<string, string?> { ["Mine:Schemas"] = schemasFile, ["Mine:Aggregation"] = aggregationFile, ["Mine:Collectd"] = "off" };
            await using var embedded = await MineTestServer.StartAsync(settings: rules);
            await using var onClickHouse = await MineTestServer.StartAsync(settings: new Dictionary<string, string?>(rules) { ["Mine:ClickHouse:Url"] = $"{clickHouse.HttpUrl}?database=rollup" });

            // Old: the 40 minutes from an hour ago, every 10 s. Fresh: one minute whose points are all younger than
            // ten minutes when sent (15 s to spare for the sending), so both stores take them into the 10-second
            // archive, and all older than ten minutes a little later.
            var sent = Now;
            var oldStart = (sent / 60 * 60) - 3600;
            var fresh = ((sent - 585) / 60 * 60) + 60;
            var old = Points("old", oldStart, 240);
            var young = Points("fresh", fresh, 6);
            var plaintext = string.Concat(old.Concat(young).Select(static p => $"{p.Name} {p.Value.ToString(CultureInfo.InvariantCulture)} {p.Time}\n"));
            foreach (var mine in new[] { embedded, onClickHouse })
            {
                await mine.SendPlaintextAsync(plaintext);
            }

            foreach (var mine in new[] { embedded, onClickHouse })
            {
                await mine.WaitForMetricAsync("mine_points_ingested_total", old.Count + young.Count, timeoutMs: 30_000);
                (await mine.Admin.PostAsync("/_internal/flush", null)).EnsureSuccessStatusCode();
            }

            Assert.True(Now - fresh < 600, $"the fresh minute was {Now - fresh} s old before the first compaction; the test was too slow to prove anything");

            // The first merge rolls the old points up, the fresh ones are still too young for it. It also leaves one
            // part a partition, so no background merge can take a fresh minute up in pieces while its points cross
            // the ten minutes one by one (an average of averages: docs/compatibility.md, "ClickHouse storage").
            (await onClickHouse.Admin.PostAsync("/_internal/compact", null)).EnsureSuccessStatusCode();
            Assert.Equal(Expected(old, minute => minute.Last().Value), await RowsAsync(clickHouse, "old."));
            var oldNow = Now;
            await AssertSameRendersAsync(embedded, onClickHouse, "old", $"from={oldStart - 1}&until={oldStart + 2399}&now={oldNow}", 40);

            var wait = fresh + 50 + 600 + 2 - Now;
            output.WriteLine($"waiting {wait} s until the fresh minute is older than the first retention");
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, wait)));
            (await onClickHouse.Admin.PostAsync("/_internal/compact", null)).EnsureSuccessStatusCode();
            Assert.Equal(Expected(young, static minute => minute[0].Name.EndsWith(".count", StringComparison.Ordinal) ? minute.Sum(static p => p.Value) : minute.Average(static p => p.Value)),
                await RowsAsync(clickHouse, "fresh."));
            var freshNow = Now;
            await AssertSameRendersAsync(embedded, onClickHouse, "fresh", $"from={fresh - 61}&until={fresh + 59}&now={freshNow}", 2, except: "fresh.web01.queue.sparse");

            // ClickHouse's rollup has no xFilesFactor: the minute with two of its six points is their average there,
            // while the embedded engine leaves it empty (docs/compatibility.md, "ClickHouse storage").
            var sparse = $"/render?format=raw&target=fresh.web01.queue.sparse&from={fresh - 1}&until={fresh + 59}&now={freshNow}";
            Assert.EndsWith(",60|None\n", await embedded.Http.GetStringAsync(sparse), StringComparison.Ordinal);
            Assert.EndsWith(",60|5.5\n", await onClickHouse.Http.GetStringAsync(sparse), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Every 10 s from <paramref name="start"/>, a counter (summed) and a latency (averaged) per host, all whole
    /// numbers, so that a sum or an average is the same double in ClickHouse and in .NET; and one series whose
    /// xFilesFactor (0.5) two points a minute do not meet.
    /// </summary>
    private static List<Point> Points(string prefix, long start, int count)
    {
        var random = new Random(prefix.Length);
        var points = new List<Point>();
        foreach (var host in Hosts)
        {
            for (var i = 0; i < count; i++)
            {
                var time = start + (i * 10L);
                points.Add(new($"{prefix}.{host}.requests.count", random.Next(0, 1000), time));
                points.Add(new($"{prefix}.{host}.latency", random.Next(1, 500), time));
            }
        }

        points.Add(new($"{prefix}.web01.queue.sparse", 4, start));
        points.Add(new($"{prefix}.web01.queue.sparse", 7, start + 30));
        return points;
    }

    /// <summary>ClickHouse's rows as the test expects them: one per series and minute, at the minute's start.</summary>
    private static string Expected(List<Point> points, Func<List<Point>, double> merge) => string.Concat(points
        .GroupBy(static p => (p.Name, Minute: p.Time / 60 * 60))
        .OrderBy(static g => g.Key.Name, StringComparer.Ordinal).ThenBy(static g => g.Key.Minute)
        .Select(g => $"{g.Key.Name}\t{g.Key.Minute}\t{merge([.. g]).ToString(CultureInfo.InvariantCulture)}\n"));

    private static Task<string> RowsAsync(ClickHouseServer clickHouse, string prefix) =>
        clickHouse.QueryAsync($"SELECT Path, Time, Value FROM rollup.graphite WHERE startsWith(Path, '{prefix}') ORDER BY Path, Time");

    /// <summary>The prefix's series (but <paramref name="except"/>) and two functions over them, in json and raw,
    /// answered alike by both; raw shows the step.</summary>
    private static async Task AssertSameRendersAsync(MineTestServer embedded, MineTestServer onClickHouse, string prefix, string range, int minutes, string? except = null)
    {
        var targets = Hosts.SelectMany(host => new[] { $"{prefix}.{host}.requests.count", $"{prefix}.{host}.latency" })
            .Append($"{prefix}.web01.queue.sparse").Where(t => t != except)
            .Append($"sumSeries({prefix}.*.requests.count)").Append($"groupByNode({prefix}.*.latency, 0, 'max')");
        var differences = new StringBuilder();
        foreach (var target in targets)
        {
            foreach (var format in new[] { "json", "raw" })
            {
                var query = $"/render?format={format}&target={Uri.EscapeDataString(target)}&{range}";
                var (expected, actual) = (await embedded.Http.GetStringAsync(query), await onClickHouse.Http.GetStringAsync(query));
                if (expected != actual)
                {
                    differences.Append(CultureInfo.InvariantCulture, $"{query}\n    embedded:   {expected}\n    ClickHouse: {actual}\n");
                }

                if (format == "raw")
                {
                    Assert.Contains($",60|", actual, StringComparison.Ordinal); // the 60-second archive
                    Assert.Equal(minutes, actual.TrimEnd('\n').Split('|')[1].Split(',').Length);
                }
            }
        }

        Assert.True(differences.Length == 0, differences.ToString());
    }

    private sealed record Point(string Name, double Value, long Time);
}
