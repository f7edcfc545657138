using Mine.Alerts.Rules;
using Mine.Fleet;
using Mine.Query.Evaluation;

namespace Mine.Alerts.Sources;

/// <summary>
/// The rules file's rules, each evaluated by the query engine (<see cref="TargetEvaluator"/> over the host's
/// <see cref="ISeriesSource"/>, as /render does) over the last <c>for + 10 minutes</c>; every series whose values satisfy
/// the condition is a condition of its own (key <c>rule:NAME:SERIES</c>), with the host whose series it is when
/// its name starts with a host's series root.
/// </summary>
public sealed class RuleSource(IReadOnlyList<AlertRule> rules, ISeriesSource source, FleetRegistry fleet)
{
    public IReadOnlyList<AlertRule> Rules { get; } = rules;

    public static string SourceOf(AlertRule rule) => "rule:" + rule.Name;

    /// <summary>The conditions of every rule that could be evaluated, and the rules that could not (with why).</summary>
    public (List<AlertCondition> Conditions, HashSet<string> Evaluated, List<(AlertRule Rule, Exception Error)> Failures) Evaluate(long now, CancellationToken cancellationToken)
    {
        var conditions = new List<AlertCondition>();
        var evaluated = new HashSet<string>(StringComparer.Ordinal);
        var failures = new List<(AlertRule, Exception)>();
        var hosts = fleet.Hosts().GroupBy(static h => h.SeriesRoot, StringComparer.Ordinal).ToDictionary(static g => g.Key, static g => g.First(), StringComparer.Ordinal);
        foreach (var rule in Rules)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var context = new EvaluationContext
            {
                StartSeconds = now - rule.ForSeconds - AlertRule.LookbackSeconds,
                EndSeconds = now,
                NowSeconds = now,
                Source = source,
                Limits = new QueryLimits { MaxSeries = 10_000, MaxPoints = 10_000_000, MaxDuration = TimeSpan.FromSeconds(20) },
                CancellationToken = cancellationToken,
            };
            try
            {
                foreach (var series in TargetEvaluator.Default.EvaluateTarget(rule.Target, context))
                {
                    if (RuleCheck.Check(series, rule) is not { } held)
                    {
                        continue;
                    }

                    var host = HostOf(series.Name, hosts);
                    conditions.Add(new AlertCondition(
                        $"rule:{rule.Name}:{series.Name}", SourceOf(rule), AlertKind.Rule, host?.Name, host?.Group, rule.Name,
                        held.Since, rule.ForSeconds, held.Value,
                        $"{rule.Name}: {series.Name} is {Format(held.Value)}, {rule.Condition}{(rule.ForSeconds > 0 ? $" for {AlertDuration.Format(rule.ForSeconds)}" : "")}"));
                }

                evaluated.Add(SourceOf(rule));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (ex is OutOfMemoryException)
                {
                    throw;
                }

                failures.Add((rule, ex));
            }
        }

        return (conditions, evaluated, failures);
    }

    /// <summary>The host whose series root is a prefix of <paramref name="name"/> at a node boundary (the longest).</summary>
    private static HostRecord? HostOf(string name, Dictionary<string, HostRecord> hosts)
    {
        for (var end = name.LastIndexOf('.'); end > 0; end = name.LastIndexOf('.', end - 1))
        {
            if (hosts.TryGetValue(name[..end], out var host))
            {
                return host;
            }
        }

        return hosts.GetValueOrDefault(name);
    }

    private static string Format(double value) => value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
