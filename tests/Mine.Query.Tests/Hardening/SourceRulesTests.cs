using System.Text.RegularExpressions;
using Xunit;

namespace Mine.Query.Tests.Hardening;

/// <summary>
/// Rules that keep whole classes of denial of service out, checked over the source so a new function or a new
/// regular expression cannot quietly break them.
/// </summary>
public partial class SourceRulesTests
{
    private static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mine.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Mine.slnx not found above {AppContext.BaseDirectory}");
    }

    private static IEnumerable<(string File, int Line, string Text)> Lines(params string[] folders)
    {
        foreach (var folder in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoRoot(), folder), "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                {
                    continue;
                }

                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    yield return (Path.GetRelativePath(RepoRoot(), file), i + 1, lines[i]);
                }
            }
        }
    }

    [Fact]
    public void Render_functions_allocate_values_only_through_the_request_budget()
    {
        // FunctionCall.NewValues reserves an array against MaxPointsPerRequest and the memory budget before it
        // exists; a bare `new double[n]` would let an argument (a window, an interval, a range) size memory
        // freely. A line may allocate directly only when it says what reserved it ("reserved:").
        var offenders = Lines(Path.Combine("src", "Mine.Query", "Functions"))
            .Where(l => (BareValueArray().IsMatch(l.Text) || l.Text.Contains("GC.Allocate", StringComparison.Ordinal)) && !l.Text.Contains("// reserved:", StringComparison.Ordinal))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "allocate through call.NewValues (or reserve first and say so):\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void Every_regular_expression_on_received_text_has_a_match_timeout()
    {
        // Names, targets, tag expressions and patterns come from clients; a regex without a timeout (or the
        // linear NonBacktracking engine) could be made to backtrack for hours on one of them.
        var offenders = Lines(Path.Combine("src", "Mine.Query"), Path.Combine("src", "Mine.Storage"), Path.Combine("src", "Mine.Compat"))
            .Where(l => !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .Where(l =>
                (l.Text.Contains("[GeneratedRegex(", StringComparison.Ordinal) && !l.Text.Contains("RegexLimits.MatchMilliseconds", StringComparison.Ordinal))
                || (NewRegex().IsMatch(l.Text) && !l.Text.Contains("RegexLimits.MatchTimeout", StringComparison.Ordinal) && !l.Text.Contains("NonBacktracking", StringComparison.Ordinal) && !l.Text.Contains("timeout)", StringComparison.Ordinal) && !l.Text.Contains("// validation only", StringComparison.Ordinal))
                || StaticRegexCall().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "give these a match timeout (RegexLimits):\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void Parallel_loops_run_on_the_caller_s_scheduler()
    {
        // A render runs on low-priority render threads; a parallel loop with default options would hand its work
        // to the normal-priority thread pool, where it competes with ingest as an equal.
        var offenders = Lines(Path.Combine("src", "Mine.Query"), Path.Combine("src", "Mine", "Api"), Path.Combine("src", "Mine.Storage"))
            .Where(l => !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .Where(l => (l.Text.Contains("Parallel.For", StringComparison.Ordinal) || l.Text.Contains("AsParallel(", StringComparison.Ordinal))
                && !l.Text.Contains("TaskScheduler = TaskScheduler.Current", StringComparison.Ordinal))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.True(offenders.Count == 0, "pass new ParallelOptions { TaskScheduler = TaskScheduler.Current }:\n" + string.Join('\n', offenders));
    }

    /// <summary><c>new double[expr]</c>, not the jagged <c>new double[n][]</c> (an array of references).</summary>
    [GeneratedRegex(@"new double\[[^\]]+\](?!\[)")]
    private static partial Regex BareValueArray();

    [GeneratedRegex(@"new Regex\(")]
    private static partial Regex NewRegex();

    /// <summary>The static helpers (Regex.IsMatch(text, pattern)...) run with the process default: no timeout.</summary>
    [GeneratedRegex(@"\bRegex\.(IsMatch|Match|Matches|Replace|Split)\(")]
    private static partial Regex StaticRegexCall();
}
