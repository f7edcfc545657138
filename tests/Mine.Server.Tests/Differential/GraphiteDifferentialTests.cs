using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Mine.Server.Tests.Differential;

/// <summary>
/// Mine's /render against the real graphite-web 1.1.8 on the same data (see DifferentialEnvironment): every line of
/// corpus.txt is requested from both and must give the same answer, except the targets in known-differences.txt.
/// Every difference is reported at once, and the report is also written to differential-report.txt in the test
/// output folder. MINE_DIFFERENTIAL_FILTER=regex runs only the corpus lines whose target matches;
/// MINE_DIFFERENTIAL_KEEP=1 keeps the data folders (graphite-web's logs are in graphite/log).
/// </summary>
[Collection(GraphiteReferenceCollection.Name)]
public sealed class GraphiteDifferentialTests(DifferentialEnvironment environment, ITestOutputHelper output)
{
    private static string CorpusPath => Path.Combine(DifferentialEnvironment.SourceDirectory, "corpus.txt");

    private static string KnownDifferencesPath => Path.Combine(DifferentialEnvironment.SourceDirectory, "known-differences.txt");

    public static string ReportPath => Path.Combine(AppContext.BaseDirectory, "differential-report.txt");

    [GraphiteFact]
    public async Task Corpus_renders_as_graphite_web_does()
    {
        var servers = await environment.GetAsync();
        var known = DifferentialCorpus.LoadKnownDifferences(KnownDifferencesPath);
        var corpus = DifferentialCorpus.Load(CorpusPath);
        var filter = Environment.GetEnvironmentVariable("MINE_DIFFERENTIAL_FILTER");
        if (!string.IsNullOrEmpty(filter))
        {
            corpus = corpus.Where(e => Regex.IsMatch(e.Target, filter)).ToList();
        }

        var clock = Stopwatch.StartNew();
        var results = new ConcurrentDictionary<CorpusEntry, string?>();
        var graphiteEmpty = new ConcurrentDictionary<CorpusEntry, int>();
        await Parallel.ForEachAsync(corpus, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (entry, cancel) =>
        {
            var query = "/render?" + entry.Query(servers.Start, servers.End);
            var answers = await Task.WhenAll(GetAsync(servers.Graphite, query, cancel), GetAsync(servers.Mine, query, cancel));
            results[entry] = RenderComparer.Compare(answers[0], answers[1], entry.ShapeOnly);
            if (answers[0].Status is < 200 or >= 300 || answers[0].Body.Trim() == "[]")
            {
                graphiteEmpty[entry] = answers[0].Status;
            }
        });

        var differences = corpus.Where(e => results[e] is not null && !known.ContainsKey(e.Target)).ToList();
        var knownDiffering = corpus.Where(e => results[e] is not null && known.ContainsKey(e.Target)).ToList();
        var knownMatching = corpus.Where(e => results[e] is null && known.ContainsKey(e.Target)).ToList();
        // Lines failing only because Mine lacks a function are summed up per function instead of listed one by one.
        var missing = differences.Select(e => (Entry: e, Function: MissingFunction(results[e]!))).Where(m => m.Function is not null).ToList();
        var detailed = differences.Except(missing.Select(m => m.Entry)).ToList();
        var report = new StringBuilder();
        report.AppendLine($"graphite-web 1.1.8 vs Mine, data from {servers.Start} to {servers.End}, {corpus.Count} requests in {clock.Elapsed.TotalSeconds:F1} s"
            + (string.IsNullOrEmpty(filter) ? "" : $" (MINE_DIFFERENTIAL_FILTER={filter})"));
        report.AppendLine($"{corpus.Count - differences.Count - knownDiffering.Count} match, {differences.Count} differ ({detailed.Count} answers differ, "
            + $"{missing.Count} need a function Mine lacks), {knownDiffering.Count} known differences (+{knownMatching.Count} known that match now)");
        if (detailed.Count > 0)
        {
            var byFunction = detailed.SelectMany(e => DifferentialCorpus.FunctionNames(e.Target).Distinct())
                .GroupBy(n => n).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
            report.AppendLine($"functions in differing lines: {string.Join(", ", byFunction)}");
            report.AppendLine().AppendLine("DIFFERENCES (graphite-web is the reference):");
            foreach (var entry in detailed)
            {
                report.AppendLine($"corpus.txt:{entry.Line}  {entry}").AppendLine($"    {results[entry]}")
                    .AppendLine($"    GET /render?{entry.Query(servers.Start, servers.End)}");
            }
        }

        if (missing.Count > 0)
        {
            report.AppendLine().AppendLine("FUNCTIONS MINE LACKS (corpus lines):");
            foreach (var group in missing.GroupBy(m => m.Function!).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                report.AppendLine($"{group.Key}: {string.Join(", ", group.Select(m => m.Entry.Line))}");
            }
        }

        if (knownDiffering.Count + knownMatching.Count > 0)
        {
            report.AppendLine().AppendLine("KNOWN DIFFERENCES (known-differences.txt):");
            foreach (var entry in knownDiffering.Concat(knownMatching).OrderBy(e => e.Line))
            {
                report.AppendLine($"corpus.txt:{entry.Line}  {entry}  [{known[entry.Target]}]").AppendLine($"    {results[entry] ?? "matches now"}");
            }
        }

        // Lines where the reference answers nothing prove little: they should be the corpus' deliberate error and
        // empty cases, not typos.
        var empty = corpus.Where(graphiteEmpty.ContainsKey).ToList();
        report.AppendLine().AppendLine($"GRAPHITE-WEB ANSWERS AN ERROR OR [] FOR {empty.Count} LINES: "
            + string.Join(", ", empty.Select(e => $"{e.Line}{(graphiteEmpty[e] == 200 ? "" : $" ({graphiteEmpty[e]})")}")));

        await File.WriteAllTextAsync(ReportPath, report.ToString());
        output.WriteLine(report.ToString());
        output.WriteLine($"report written to {ReportPath}");
        Assert.True(differences.Count == 0, $"{differences.Count} of {corpus.Count} render requests differ from graphite-web (report: {ReportPath})\n{report}");
    }

    [GraphiteFact]
    public async Task Corpus_calls_every_graphite_web_function()
    {
        var servers = await environment.GetAsync();
        var graphiteNames = (await servers.Reference.FunctionNamesAsync()).ToHashSet(StringComparer.Ordinal);
        var used = DifferentialCorpus.Load(CorpusPath).SelectMany(e => DifferentialCorpus.FunctionNames(e.Target)).ToHashSet(StringComparer.Ordinal);
        var missing = graphiteNames.Where(n => !used.Contains(n)).Order(StringComparer.Ordinal).ToList();
        // template() is grammar, not a function; nosuchfunction() is an error case
        var unknown = used.Where(n => !graphiteNames.Contains(n) && n is not ("template" or "nosuchfunction")).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0 && unknown.Count == 0,
            $"corpus.txt never calls: {string.Join(", ", missing)}; calls what graphite-web does not have: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void Known_differences_are_corpus_lines_documented_in_compatibility_md()
    {
        var compatibility = File.ReadAllText(Path.Combine(DifferentialEnvironment.SourceDirectory, "..", "..", "..", "docs", "compatibility.md"));
        var targets = DifferentialCorpus.Load(CorpusPath).Select(e => e.Target).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (target, reason) in DifferentialCorpus.LoadKnownDifferences(KnownDifferencesPath))
        {
            if (!compatibility.Contains(reason, StringComparison.Ordinal))
            {
                problems.Add($"reason of '{target}' is not in docs/compatibility.md: {reason}");
            }

            if (!targets.Contains(target))
            {
                problems.Add($"'{target}' is not a corpus.txt target");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The function named by Mine's "unknown function" refusal, when that is the whole difference.</summary>
    private static string? MissingFunction(string difference)
    {
        var match = Regex.Match(difference, @"^status: graphite 2\d\d .*\| mine 400 Received request for unknown function: (\w+)");
        return match.Success ? match.Groups[1].Value : null;
    }

    private static async Task<RenderComparer.Answer> GetAsync(HttpClient http, string query, CancellationToken cancel)
    {
        try
        {
            using var response = await http.GetAsync(query, cancel);
            return new RenderComparer.Answer((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancel));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new RenderComparer.Answer(0, $"request failed: {e.Message}");
        }
    }
}
