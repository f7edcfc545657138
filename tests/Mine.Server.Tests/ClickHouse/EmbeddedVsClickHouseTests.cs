using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Mine.Server.Tests.Differential;
using Mine.TestKit.ClickHouse;
using Xunit.Abstractions;

namespace Mine.Server.Tests.ClickHouse;

/// <summary>
/// The same data set in the embedded store and in ClickHouse (<see cref="EmbeddedVsClickHouseEnvironment"/>): the
/// render test corpus (Differential/corpus.txt in json, and this folder's embedded-vs-clickhouse.txt, which reads the
/// coarse archive too, in json, csv and raw), find and the tag API must answer byte for byte the same on both, status
/// and content type included, except the requests in <see cref="Excluded"/>. Every difference is reported at once.
/// </summary>
public sealed partial class EmbeddedVsClickHouseTests(EmbeddedVsClickHouseEnvironment environment, ITestOutputHelper output) : IClassFixture<EmbeddedVsClickHouseEnvironment>
{
    /// <summary>
    /// Requests allowed to differ, by a corpus line's target or a find or tag API request, each with its reason, a
    /// difference listed in docs/compatibility.md, section "ClickHouse storage" (checked by
    /// <see cref="Excluded_requests_are_documented_in_the_clickhouse_storage_section"/>). None differ today: the
    /// differences this test found were in the store and are fixed, and the inherent ones need data that ages past a
    /// retention while the test runs (ClickHouseRollupVsEmbeddedTests shows them).
    /// </summary>
    private static readonly Dictionary<string, string> Excluded = new(StringComparer.Ordinal);

    private static readonly string[] ExtraFormats = ["json", "csv", "raw"];

    private static readonly string[] FindRequests =
    [
        "/metrics/find?query=*", "/metrics/find?query=*&format=json", "/metrics/find?query=servers.*", "/metrics/find?query=servers.*.*&format=json",
        "/metrics/find?query=servers.dc3.host1*&format=treejson", "/metrics/find?query=servers.dc1.host01.*.*.*&format=json",
        "/metrics/find?query=servers.*.host0[1-3].load.load.*&format=treejson&wildcards=1", "/metrics/find?query=servers.dc%7B1,2%7D.*.cpu.0.*&format=json",
        "/metrics/find?query=special.*&format=json&leavesOnly=1", "/metrics/find?query=old.*.*", "/metrics/find?query=history.web.*&format=nodelist",
        "/metrics/find?query=app.*&format=json", "/metrics/find?query=nonexistent.*&format=treejson", "/metrics/find?query=servers.dc3.host2&format=completer",
        "/metrics/find?query=slow.*.*&format=completer", "/metrics/find?query=servers.*.*.interface.*&format=nodelist&position=4",
        "/metrics/expand?query=servers.dc1.*.load.load.*", "/metrics/expand?query=servers.*.host1*&groupByExpr=1", "/metrics/expand?query=old.*.*&leavesOnly=1",
        "/metrics/index.json",
    ];

    private static readonly string[] TagRequests =
    [
        "/tags", "/tags?pretty=1", "/tags?filter=%5Eh", "/tags?limit=2", "/tags/dc", "/tags/host", "/tags/name", "/tags/status?pretty=1",
        "/tags/host?filter=host0%5B16%5D&limit=1", "/tags/nosuch", "/tags/findSeries?expr=dc=dc1", "/tags/findSeries?expr=name=~app&expr=status!=200",
        "/tags/findSeries?expr=name=old.app.requests", "/tags/findSeries?expr=host=host01&pretty=1", "/tags/autoComplete/tags",
        "/tags/autoComplete/tags?expr=name%3Ddisk.used", "/tags/autoComplete/values?tag=host&expr=dc%3Ddc2", "/tags/autoComplete/values?tag=name",
        "/tags/autoComplete/tags?tagPrefix=s&limit=5",
    ];

    private static string CompatibilityPath => Path.Combine(EmbeddedVsClickHouseEnvironment.SourceDirectory, "..", "..", "..", "docs", "compatibility.md");

    [ClickHouseFact]
    public async Task The_render_corpus_answers_byte_for_byte_as_on_the_embedded_store()
    {
        var servers = await environment.GetAsync();
        var (start, end) = (servers.Data.Start, servers.Data.End);
        var requests = new List<Request>();
        foreach (var entry in DifferentialCorpus.Load(Path.Combine(DifferentialEnvironment.SourceDirectory, "corpus.txt")))
        {
            requests.Add(new($"corpus.txt:{entry.Line} {entry}", "/render?" + Pinned(entry, start, end), entry.ShapeOnly, entry.Target));
        }

        foreach (var entry in DifferentialCorpus.Load(Path.Combine(EmbeddedVsClickHouseEnvironment.SourceDirectory, "embedded-vs-clickhouse.txt")))
        {
            foreach (var format in ExtraFormats)
            {
                var query = Pinned(entry, start, end);
                requests.Add(new($"embedded-vs-clickhouse.txt:{entry.Line} {entry} [{format}]", "/render?format=" + format + query["format=json".Length..], entry.ShapeOnly, entry.Target));
            }
        }

        var differences = await CompareAsync(servers, requests, "as written");

        // Then as a node that ran for a while has them: ClickHouse's parts merged by the rollup (OPTIMIZE ... FINAL;
        // a background merge may do it any time), the embedded store's buckets merged and rolled up.
        foreach (var admin in new[] { servers.EmbeddedAdmin, servers.OnClickHouseAdmin })
        {
            (await admin.PostAsync("/_internal/compact", null)).EnsureSuccessStatusCode();
        }

        // The merges really rolled up: old points one row per 5-minute slot, the 15-second series one per minute.
        Assert.Equal("288\t360\n", await servers.ClickHouse.QueryAsync(
            "SELECT countIf(Path = 'old.web.hits'), countIf(Path = 'fast.probe.latency') FROM differential.graphite"));
        differences.AddRange(await CompareAsync(servers, requests, "compacted"));
        Assert.True(differences.Count == 0, $"{differences.Count} render requests answer differently on ClickHouse than on the embedded store:\n" + string.Join('\n', differences));
    }

    [ClickHouseFact]
    public async Task Find_answers_byte_for_byte_as_on_the_embedded_store()
    {
        var servers = await environment.GetAsync();
        var differences = await CompareAsync(servers, [.. FindRequests.Select(static r => new Request(r, r, false, r))], "find");
        Assert.True(differences.Count == 0, $"{differences.Count} find requests answer differently on ClickHouse than on the embedded store:\n" + string.Join('\n', differences));
    }

    [ClickHouseFact]
    public async Task Tag_api_answers_byte_for_byte_as_on_the_embedded_store()
    {
        var servers = await environment.GetAsync();
        var differences = await CompareAsync(servers, [.. TagRequests.Select(static r => new Request(r, r, false, r))], "tags");
        Assert.True(differences.Count == 0, $"{differences.Count} tag API requests answer differently on ClickHouse than on the embedded store:\n" + string.Join('\n', differences));
    }

    [Fact]
    public void Excluded_requests_are_documented_in_the_clickhouse_storage_section()
    {
        var compatibility = File.ReadAllText(CompatibilityPath);
        var section = Regex.Match(compatibility, @"^## ClickHouse storage\n(.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline);
        Assert.True(section.Success, "docs/compatibility.md has no section '## ClickHouse storage'");
        var undocumented = Excluded.Where(e => !section.Groups[1].Value.Contains(e.Value, StringComparison.Ordinal)).Select(e => $"{e.Key}: {e.Value}").ToList();
        Assert.True(undocumented.Count == 0, "reasons not in docs/compatibility.md's ClickHouse storage section:\n" + string.Join('\n', undocumented));
    }

    /// <summary>
    /// The corpus line's query with <c>now</c> pinned when the line has none: a read clips its range to now and picks
    /// its archive by now - from, so both stores must be asked for the same instant, not for two clock readings that a
    /// second or a minute may separate. Lines without now have absolute ranges, which a pinned now leaves as they are.
    /// </summary>
    private static string Pinned(CorpusEntry entry, long start, long end)
    {
        var query = entry.Query(start, end);
        return entry.Parameters.Any(static p => p.Key == "now") ? query : query + "&now=" + (end + 3600).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Asks both servers every request (four at a time); returns the differences not excluded, and writes
    /// the excluded ones that still differ to the test output.</summary>
    private async Task<List<string>> CompareAsync(EmbeddedVsClickHouseEnvironment.Servers servers, List<Request> requests, string stage)
    {
        var clock = Stopwatch.StartNew();
        var differences = new ConcurrentDictionary<int, string>();
        var excluded = new ConcurrentDictionary<int, string>();
        var empty = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, requests.Count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, cancel) =>
        {
            var request = requests[i];
            var answers = await Task.WhenAll(GetAsync(servers.Embedded, request.Query, cancel), GetAsync(servers.OnClickHouse, request.Query, cancel));
            if (answers[0].Status != 200 || answers[0].Body is [] or [(byte)'[', (byte)']'])
            {
                Interlocked.Increment(ref empty); // the corpus' deliberate errors and empty cases, reported to spot typos
            }

            if (Difference(answers[0], answers[1], request.ShapeOnly) is not { } difference)
            {
                return;
            }

            var report = $"[{stage}] {request.Key}\n    GET {request.Query}\n    {difference}";
            if (Excluded.TryGetValue(request.ExcludedAs, out var reason))
            {
                excluded[i] = report + $"\n    excluded: {reason}";
            }
            else
            {
                differences[i] = report;
            }
        });

        output.WriteLine($"[{stage}] {requests.Count} requests in {clock.Elapsed.TotalSeconds:F1} s: {differences.Count} differ, {excluded.Count} differ as documented; "
            + $"{empty} answered an error or nothing on the embedded store");
        foreach (var (_, report) in excluded.OrderBy(static d => d.Key))
        {
            output.WriteLine(report);
        }

        return [.. differences.OrderBy(static d => d.Key).Select(static d => d.Value)];
    }

    /// <summary>The first difference in words, or null when status, content type and body are the same (for a
    /// shape-only corpus line, random data: names and timestamps).</summary>
    private static string? Difference(Answer embedded, Answer clickHouse, bool shapeOnly)
    {
        if (shapeOnly && embedded.Status == 200)
        {
            return RenderComparer.Compare(new(embedded.Status, Encoding.UTF8.GetString(embedded.Body)), new(clickHouse.Status, Encoding.UTF8.GetString(clickHouse.Body)), shapeOnly: true);
        }

        if (embedded.Status != clickHouse.Status || embedded.ContentType != clickHouse.ContentType)
        {
            return $"embedded {embedded.Status} {embedded.ContentType} | ClickHouse {clickHouse.Status} {clickHouse.ContentType}: {Excerpt(clickHouse.Body, 0)}";
        }

        var common = Math.Min(embedded.Body.Length, clickHouse.Body.Length);
        var at = 0;
        while (at < common && embedded.Body[at] == clickHouse.Body[at])
        {
            at++;
        }

        return at == common && embedded.Body.Length == clickHouse.Body.Length
            ? null
            : $"bodies differ at byte {at} ({embedded.Body.Length} vs {clickHouse.Body.Length} bytes):\n      embedded:   {Excerpt(embedded.Body, at)}\n      ClickHouse: {Excerpt(clickHouse.Body, at)}";
    }

    private static string Excerpt(byte[] body, int at)
    {
        var from = Math.Max(0, at - 60);
        return Encoding.UTF8.GetString(body, from, Math.Min(body.Length - from, 200)).ReplaceLineEndings("\\n");
    }

    private static async Task<Answer> GetAsync(HttpClient http, string query, CancellationToken cancel)
    {
        try
        {
            using var response = await http.GetAsync(query, cancel);
            var body = await response.Content.ReadAsByteArrayAsync(cancel);
            return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), query.StartsWith("/metrics/find", StringComparison.Ordinal) ? WithoutClock(body) : body);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new Answer(0, null, Encoding.UTF8.GetBytes($"request failed: {e.Message}"));
        }
    }

    /// <summary>
    /// A find answer in json gives each leaf's interval as its retention up to the clock, in milliseconds: the two
    /// servers read their clocks a moment apart. The interval's length (the retention) is kept, rounded to seconds.
    /// </summary>
    private static byte[] WithoutClock(byte[] body) => Encoding.UTF8.GetBytes(Interval().Replace(Encoding.UTF8.GetString(body), static m =>
        "{\"length\": " + Math.Round(double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) - double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture) + "}"));

    [GeneratedRegex(@"\{""start"": ([0-9.]+), ""end"": ([0-9.]+)\}")]
    private static partial Regex Interval();

    /// <summary>One request: its name in reports, its path and query, whether only the series' shape counts, and what
    /// <see cref="Excluded"/> would name it by (a corpus line's target, or the request).</summary>
    private sealed record Request(string Key, string Query, bool ShapeOnly, string ExcludedAs);

    private sealed record Answer(int Status, string? ContentType, byte[] Body);
}
