using System.Net;
using System.Text;
using System.Text.Json;
using SkiaSharp;

namespace Mine.Server.Tests.Differential;

/// <summary>
/// Mine as a cluster server of a real graphite-web 1.1.8: front ends with <c>CLUSTER_SERVERS</c> pointing at Mine
/// and no data of their own (DifferentialEnvironment.GetFrontEndsAsync; one asks in pickle, one in msgpack) must
/// answer find and render as Mine does, and draw the same graph as graphite-web over the same data in whisper.
/// A find or render the front end cannot read makes its remote finder fail: an empty tree, <c>[]</c> renders.
/// </summary>
[Collection(GraphiteReferenceCollection.Name)]
public sealed class GraphiteFederationTests(DifferentialEnvironment environment)
{
    /// <summary>Find queries whose matches have distinct last components (graphite-web orders equal names randomly).</summary>
    private static readonly string[] FindQueries =
        ["*", "servers.*", "servers.dc1.*", "servers.dc1.host01.*", "servers.dc2.host07.interface.eth0.*", "servers.dc1.host01.load.load.*",
         "special.*", "slow.a.*", "servers.dc{1,2}.host0[16]", "nonexistent.*"];

    /// <summary>A query matching equal names, for the formats that merge them.</summary>
    private const string RepeatedNames = "servers.dc1.*.memory.memory.*";

    /// <summary>Other requests a front end answers from its cluster servers (its own tag database is empty).</summary>
    private static readonly string[] ForwardedRequests =
    [
        "/metrics/index.json", "/tags/autoComplete/tags", "/tags/autoComplete/tags?expr=name%3Dapp.requests",
        "/tags/autoComplete/values?tag=dc", "/tags/autoComplete/values?tag=host&expr=dc%3Ddc2",
    ];

    private static readonly string[] RenderTargets =
    [
        "servers.dc1.host0[1-3].load.load.*",
        "servers.dc{1,2}.host0[16].cpu.0.{user,idle}",
        "special.*",
        "slow.*.*",
        "nonexistent.*",
        "sumSeries(servers.dc1.*.cpu.0.user)",
        "movingAverage(servers.dc1.host01.load.load.shortterm, 10)",
        "movingAverage(servers.dc1.host01.load.load.shortterm, '30min')",
        "timeShift(servers.dc1.host01.load.load.shortterm, '1h')",
        "summarize(servers.dc1.host02.load.load.midterm, '1h', 'max')",
        "servers.dc1.*.cpu.0.user|sumSeries()|scale(0.5)",
        "servers.dc1.*.load.load.shortterm|averageSeries()|movingAverage(6)",
        "nonNegativeDerivative(servers.dc2.host07.interface.eth0.tx)",
        "seriesByTag('name=app.requests', 'dc=dc1')",
        "aliasByTags(seriesByTag('name=app.latency'), 'host')",
        "groupByTags(seriesByTag('name=app.requests'), 'sum', 'status')",
        "asPercent(servers.dc1.host01.cpu.0.user, servers.dc1.host01.cpu.0.idle)",
        "highestAverage(servers.*.*.load.load.shortterm, 3)",
        "template(servers.$dc.host06.load.load.shortterm, dc='dc2')",
    ];

    private static readonly string[] GraphTargets = ["servers.dc1.host0[1-3].load.load.shortterm", "sumSeries(servers.dc1.*.cpu.0.user)", "seriesByTag('name=app.latency')"];

    [GraphiteFact]
    public async Task Find_index_and_tag_completion_through_graphite_web_front_ends_answer_as_Mine()
    {
        var servers = await environment.GetAsync();
        var fronts = await environment.GetFrontEndsAsync();
        var failures = new List<string>();
        foreach (var (label, front) in Fronts(fronts))
        {
            var requests = FindQueries.SelectMany(q => new[] { "treejson", "completer", "nodelist" }.Select(f => $"query={Uri.EscapeDataString(q)}&format={f}"))
                .Append($"query={Uri.EscapeDataString(RepeatedNames)}&format=treejson")
                .Append($"query={Uri.EscapeDataString(RepeatedNames)}&format=nodelist")
                .Append("query=servers.dc1.host01.load.load.*&format=treejson&wildcards=1")
                .Append("query=servers.dc1.host01.cpu.0.&format=completer");
            foreach (var query in requests)
            {
                var mine = await GetStringAsync(servers.Mine, "/metrics/find?" + query);
                var viaFront = await GetStringAsync(front.Http!, "/metrics/find?" + query);
                if (mine != viaFront)
                {
                    failures.Add($"{label} /metrics/find?{query}\n    Mine:      {Head(mine)}\n    front end: {Head(viaFront)}");
                }
            }

            // format=json carries each leaf's interval; the front end passes on what Mine's find said, taken at
            // another moment, so the spans are compared by length.
            foreach (var query in FindQueries)
            {
                var request = $"/metrics/find?query={Uri.EscapeDataString(query)}&format=json";
                var mine = JsonNodes(await GetStringAsync(servers.Mine, request));
                var viaFront = JsonNodes(await GetStringAsync(front.Http!, request));
                if (mine != viaFront)
                {
                    failures.Add($"{label} {request}\n    Mine:      {Head(mine)}\n    front end: {Head(viaFront)}");
                }
            }

            foreach (var request in ForwardedRequests)
            {
                var mine = await GetStringAsync(servers.Mine, request);
                var viaFront = await GetStringAsync(front.Http!, request);
                if (mine != viaFront)
                {
                    failures.Add($"{label} {request}\n    Mine:      {Head(mine)}\n    front end: {Head(viaFront)}");
                }
            }

            if (failures.Count > 0)
            {
                failures.Add($"{label} front end's exception log:\n{front.ExceptionLogTail()}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [GraphiteFact]
    public async Task Render_json_through_graphite_web_front_ends_equals_Mines_answer()
    {
        var servers = await environment.GetAsync();
        var fronts = await environment.GetFrontEndsAsync();
        var failures = new List<string>();
        var requests = RenderTargets.Select((t, i) => new CorpusEntry(i, t, [], false).Query(servers.Start, servers.End))
            .Append(new CorpusEntry(0, "servers.dc1.host0[1-4].load.load.shortterm", [new("maxDataPoints", "50")], false).Query(servers.Start, servers.End))
            .Append(new CorpusEntry(0, "servers.dc1.host02.load.load.shortterm", [new("from", "-3h"), new("until", "-1h"), new("now", "{E}")], false).Query(servers.Start, servers.End))
            .ToList();
        foreach (var (label, front) in Fronts(fronts))
        {
            foreach (var query in requests)
            {
                var mine = await GetStringAsync(servers.Mine, "/render?" + query);
                var viaFront = await GetStringAsync(front.Http!, "/render?" + query);
                if (mine != viaFront)
                {
                    failures.Add($"{label} /render?{query}\n    Mine:      {Head(mine)}\n    front end: {Head(viaFront)}");
                }
                else if (mine == "[]" && !query.Contains("nonexistent", StringComparison.Ordinal))
                {
                    failures.Add($"{label} /render?{query}: both answer [] (the data set has these series)");
                }
            }

            if (failures.Count > 0)
            {
                failures.Add($"{label} front end's exception log:\n{front.ExceptionLogTail()}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// The front end draws with graphite-web's own code from what it read from Mine: the same PNG, byte for byte,
    /// as graphite-web drawing the same data from whisper. Mine's own PNG has the same size and decodes.
    /// </summary>
    [GraphiteFact]
    public async Task Graph_through_a_front_end_is_graphite_webs_graph_of_the_same_data()
    {
        var servers = await environment.GetAsync();
        var fronts = await environment.GetFrontEndsAsync();
        var failures = new List<string>();
        foreach (var target in GraphTargets)
        {
            var query = $"/render?target={Uri.EscapeDataString(target)}&from={servers.Start}&until={servers.End}&width=500&height=300";
            var viaFront = await GetBytesAsync(fronts.Pickle.Http!, query);
            var graphite = await GetBytesAsync(servers.Graphite, query);
            var mine = await GetBytesAsync(servers.Mine, query);
            if (!viaFront.AsSpan().SequenceEqual(graphite))
            {
                failures.Add($"{query}: the front end's PNG ({viaFront.Length} bytes) differs from graphite-web's ({graphite.Length} bytes)");
            }

            using var frontImage = SKBitmap.Decode(viaFront);
            using var mineImage = SKBitmap.Decode(mine);
            if (frontImage is null || mineImage is null)
            {
                failures.Add($"{query}: {(frontImage is null ? "the front end's" : "Mine's")} PNG does not decode");
            }
            else if (frontImage.Width != mineImage.Width || frontImage.Height != mineImage.Height)
            {
                failures.Add($"{query}: Mine drew {mineImage.Width}x{mineImage.Height}, the front end {frontImage.Width}x{frontImage.Height}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n" + fronts.Pickle.ExceptionLogTail());
    }

    /// <summary>
    /// The local=1 answers a front end asks for, read by graphite-web's own remote finder and reader code
    /// (read_remote.py): the same objects from Mine as from graphite-web over the same data. Find intervals
    /// differ in their ends (whisper: the file's last write; Mine: now), so only their shape is compared.
    /// </summary>
    [GraphiteFact]
    public async Task Local_pickle_and_msgpack_answers_read_as_graphite_webs_remote_code_reads_graphite_webs()
    {
        var servers = await environment.GetAsync();
        var failures = new List<string>();
        foreach (var format in new[] { "pickle", "msgpack" })
        {
            foreach (var query in new[] { "servers.dc1.host01.*", "servers.dc1.host01.load.load.*", "special.*", "nonexistent.*" })
            {
                var request = $"/metrics/find/?local=1&format={format}&query={Uri.EscapeDataString(query)}&from={servers.Start}&until={servers.End}";
                var mine = await ReadRemoteAsync("find", format, servers.Mine, request, servers.Folder);
                var graphite = await ReadRemoteAsync("find", format, servers.Graphite, request, servers.Folder);
                var mineShape = FindShape(mine);
                if (mineShape != FindShape(graphite))
                {
                    failures.Add($"{request}\n    Mine:         {Head(mineShape)}\n    graphite-web: {Head(FindShape(graphite))}");
                }

                foreach (var node in JsonDocument.Parse(mine).RootElement.EnumerateArray().Where(n => n.GetProperty("is_leaf").ValueKind == JsonValueKind.True))
                {
                    var interval = node.GetProperty("intervals")[0];
                    var (start, end, size) = (interval[0].GetDouble(), interval[1].GetDouble(), interval[2].GetDouble());
                    if (!(end > start) || size != end - start || node.GetProperty("size").GetDouble() != size)
                    {
                        failures.Add($"{request}: Mine's interval of {node.GetProperty("path")} is {interval}");
                    }
                }
            }

            foreach (var target in new[] { "servers.dc1.host0[12].load.load.*", "seriesByTag('name=app.requests', 'dc=dc2')", "special.gaps", "nonexistent.*" })
            {
                var request = $"/render/?format={format}&local=1&noCache=1&from={servers.Start}&until={servers.End}&target={Uri.EscapeDataString(target)}&now={servers.End}";
                var mine = await ReadRemoteAsync("render", format, servers.Mine, request, servers.Folder);
                var graphite = await ReadRemoteAsync("render", format, servers.Graphite, request, servers.Folder);
                if (mine != graphite)
                {
                    failures.Add($"{request}\n    Mine:         {Head(mine)}\n    graphite-web: {Head(graphite)}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static IEnumerable<(string Label, GraphiteReference Front)> Fronts(DifferentialEnvironment.FrontEnds fronts)
        => [("pickle", fronts.Pickle), ("msgpack", fronts.MsgPack)];

    /// <summary>read_remote.py over one answer: what graphite-web's remote finder or reader gets from it, as JSON.</summary>
    private static async Task<string> ReadRemoteAsync(string kind, string format, HttpClient http, string request, string folder)
    {
        var file = Path.Combine(folder, $"remote-{Guid.NewGuid():N}.{format}");
        await File.WriteAllBytesAsync(file, await GetBytesAsync(http, request));
        try
        {
            var (code, output) = await GraphiteReference.RunAsync("/usr/bin/python3",
                ["-W", "ignore", Path.Combine(DifferentialEnvironment.SourceDirectory, "read_remote.py"), kind, format, file], TimeSpan.FromMinutes(1));
            Assert.True(code == 0, $"read_remote.py could not read {http.BaseAddress}{request}:\n{output}");
            return output.Trim();
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A find answer as read by the remote finder, without the interval values.</summary>
    private static string FindShape(string readRemote)
        => string.Join("\n", JsonDocument.Parse(readRemote).RootElement.EnumerateArray().Select(n =>
            $"{n.GetProperty("path")} {n.GetProperty("is_leaf")} [{string.Join(",", n.GetProperty("keys").EnumerateArray())}] {n.GetProperty("intervals_class")} {n.GetProperty("intervals").GetArrayLength()}"));

    /// <summary>format=json find nodes with each interval reduced to its length.</summary>
    private static string JsonNodes(string body)
        => string.Join("\n", JsonDocument.Parse(body).RootElement.EnumerateArray().Select(n =>
            $"{n.GetProperty("path")} {n.GetProperty("is_leaf")} "
            + (n.TryGetProperty("intervals", out var intervals)
                ? string.Join(",", intervals.EnumerateArray().Select(i => Math.Round(i.GetProperty("end").GetDouble() - i.GetProperty("start").GetDouble())))
                : "-")));

    private static async Task<string> GetStringAsync(HttpClient http, string url) => Encoding.UTF8.GetString(await GetBytesAsync(http, url));

    private static async Task<byte[]> GetBytesAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{http.BaseAddress}{url}: {(int)response.StatusCode} {Head(Encoding.UTF8.GetString(body))}");
        return body;
    }

    private static string Head(string text) => text.Length <= 600 ? text : text[..600] + $"... ({text.Length} chars)";
}
