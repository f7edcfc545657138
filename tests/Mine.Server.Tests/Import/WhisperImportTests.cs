using System.Net.Sockets;
using System.Text;
using Mine.Server.Tests.Differential;
using Mine.Server.Tests.Process;

namespace Mine.Server.Tests.Import;

/// <summary>
/// <c>mine import-whisper</c> end to end: real carbon-cache writes whisper files (its storage-schemas and
/// storage-aggregation give several retentions, methods and xFilesFactors), Mine imports them, and its render API
/// answers as graphite-web does over the same files, for ranges that select each archive.
/// </summary>
public sealed class WhisperImportTests
{
    private static readonly string[] Series = ["imp.sum.a", "imp.sum.b", "imp.max.a", "imp.avg.a", "imp.avg.gappy"];

    /// <summary>Tagged series: one stored under its name, one under its hash (named through --tag-names).</summary>
    private static readonly string[] Tagged = ["imp.tagged;dc=west;host=h1", "imp.hashed;dc=east;host=h2", "seriesByTag('name=~imp\\.(tagged|hashed)')"];

    [GraphiteFact]
    public async Task Imported_files_render_as_graphite_web_renders_them_and_damaged_files_are_reported_and_skipped()
    {
        var root = Directory.CreateTempSubdirectory("mine-import-e2e-").FullName;
        var graphite = new GraphiteReference(DifferentialEnvironment.SourceDirectory, Path.Combine(root, "graphite"));
        try
        {
            await graphite.StartAsync(Path.Combine(SourceDirectory, "import-schemas.conf"), Path.Combine(SourceDirectory, "import-aggregation.conf"));
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            await SendToCarbonAsync(graphite, now);
            await RunScriptAsync("wait", graphite.WhisperDirectory, now.ToString());

            // carbon-cache writes what arrives now; the days before it would have written are made with whisper's
            // own update_many (carbon cannot be made to write points older than the fine archive: it drops nothing,
            // but whisper sends them straight to the coarse archive, exactly as update_many does).
            await RunScriptAsync("history", graphite.WhisperDirectory, now.ToString());
            await RegisterTaggedSeriesAsync(graphite.Http!);

            var data = Path.Combine(root, "data");
            var tagNames = graphite.Http!.BaseAddress!.ToString();
            var (code, output) = await RunMineAsync("import-whisper", graphite.WhisperDirectory, "--data", data, "--jobs", "2", "--tag-names", tagNames);
            Assert.True(code == 1, $"exit code {code}, expected 1 (damaged files)\n{output}");
            foreach (var damaged in new[] { "empty", "truncated", "garbage", "lying" })
            {
                Assert.Contains($"error: damaged/{damaged}.wsp: ", output, StringComparison.Ordinal);
            }

            Assert.Contains("series created: 7;", output, StringComparison.Ordinal);
            Assert.Contains("2 tagged series names from", output, StringComparison.Ordinal);
            using (var mine = await MineProcess.StartAsync(data))
            {
                await AssertRendersMatchAsync(graphite.Http!, mine.Http, now);

                (code, output) = await RunMineAsync("import-whisper", "--check", graphite.WhisperDirectory, "--against", graphite.Http!.BaseAddress!.ToString(), "--mine", mine.Http.BaseAddress!.ToString());
                Assert.True(code == 0, $"--check exit code {code}\n{output}");
                Assert.Contains(" renders compared, 0 differ", output, StringComparison.Ordinal);
            }

            // The same files into a running Mine over HTTP.
            using var live = await MineProcess.StartAsync(Path.Combine(root, "live"));
            (code, output) = await RunMineAsync("import-whisper", "--check", graphite.WhisperDirectory, "--against", graphite.Http!.BaseAddress!.ToString(), "--mine", live.Http.BaseAddress!.ToString());
            Assert.True(code == 1 && output.Contains("differs: imp/sum/a.wsp", StringComparison.Ordinal), $"--check before the import: exit code {code}\n{output}");
            (code, output) = await RunMineAsync("import-whisper", graphite.WhisperDirectory, "--to", $"http://127.0.0.1:{live.HttpPort}", "--admin-token-file", Path.Combine(root, "live", "admin-token"),
                "--journal", Path.Combine(root, "http.journal"), "--tag-names", tagNames);
            Assert.True(code == 1, $"exit code {code}\n{output}");
            await AssertRendersMatchAsync(graphite.Http!, live.Http, now);
        }
        finally
        {
            await graphite.DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Ranges chosen away from every archive's edge, ending two minutes back, so both answer the same slots
    /// whichever second each request runs in: one range per archive of each schema.</summary>
    private static async Task AssertRendersMatchAsync(HttpClient graphite, HttpClient mine, long now)
    {
        var until = now - 120;
        var differences = new List<string>();
        foreach (var age in new[] { 5 * 60, 40 * 60, 3 * 3600, 20 * 3600, 3 * 86400, 20 * 86400 })
        {
            foreach (var name in Series.Concat(Tagged))
            {
                var query = $"/render?target={Uri.EscapeDataString(name)}&from={now - age}&until={until}&format=json";
                var expected = new RenderComparer.Answer(200, await graphite.GetStringAsync(query));
                var actual = new RenderComparer.Answer(200, await mine.GetStringAsync(query));
                if (RenderComparer.Compare(expected, actual, shapeOnly: false) is { } difference)
                {
                    differences.Add($"{query}: {difference}");
                }
            }
        }

        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    /// <summary>What carbon does for each tagged series it writes: register it in graphite-web's tag database.</summary>
    private static async Task RegisterTaggedSeriesAsync(HttpClient graphite)
    {
        using var form = new FormUrlEncodedContent(Tagged.Where(static t => t.Contains(';', StringComparison.Ordinal)).Select(static t => KeyValuePair.Create("path", t)));
        using var response = await graphite.PostAsync(new Uri("/tags/tagMultiSeries", UriKind.Relative), form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task SendToCarbonAsync(GraphiteReference graphite, long now)
    {
        var (code, lines) = await GraphiteReference.RunAsync("/usr/bin/python3", [Path.Combine(SourceDirectory, "import_set.py"), "live", now.ToString()], TimeSpan.FromMinutes(1));
        Assert.True(code == 0, lines);
        var port = int.Parse(File.ReadAllLines(Path.Combine(graphite.Directory, "conf", "carbon.conf"))
            .First(l => l.StartsWith("LINE_RECEIVER_PORT", StringComparison.Ordinal)).Split('=')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(lines.TrimEnd() + "\n"));
    }

    internal static async Task RunScriptAsync(params string[] arguments)
    {
        var (code, output) = await GraphiteReference.RunAsync("/usr/bin/python3", [Path.Combine(SourceDirectory, "import_set.py"), .. arguments], TimeSpan.FromMinutes(5));
        Assert.True(code == 0, $"import_set.py {string.Join(' ', arguments)} failed ({code}):\n{output}");
    }

    internal static Task<(int Code, string Output)> RunMineAsync(params string[] arguments)
        => GraphiteReference.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "mine.dll"), .. arguments], TimeSpan.FromMinutes(10));

    internal static string SourceDirectory { get; } = FindSourceDirectory();

    private static string FindSourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
