using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mine.Server.Tests.Observability;

/// <summary>The PromQL expressions of docs/grafana/mine-health.json, with Grafana's variables given values Prometheus accepts.</summary>
internal static partial class GrafanaDashboard
{
    public static string Path => System.IO.Path.Combine(RepositoryRoot(), "docs", "grafana", "mine-health.json");

    public static IReadOnlyList<(string Panel, string Expression)> Expressions()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path));
        var expressions = new List<(string, string)>();
        foreach (var panel in dashboard.RootElement.GetProperty("panels").EnumerateArray())
        {
            if (!panel.TryGetProperty("targets", out var targets))
            {
                continue;
            }

            foreach (var target in targets.EnumerateArray())
            {
                var expression = target.GetProperty("expr").GetString()!
                    .Replace("$__rate_interval", "1m", StringComparison.Ordinal)
                    .Replace("$instance", ".*", StringComparison.Ordinal);
                expressions.Add((panel.GetProperty("title").GetString()!, expression));
            }
        }

        return expressions;
    }

    /// <summary>Every mine_… metric family an expression names.</summary>
    public static IReadOnlySet<string> MetricFamilies() =>
        Expressions().SelectMany(static e => MetricName().Matches(e.Expression).Select(static m => m.Value)).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\bmine_[a-z_]+\b")]
    private static partial Regex MetricName();

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Mine.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("Mine.slnx not found above the test's folder");
    }
}
