using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Mine.Alerts.Delivery;
using Mine.Alerts.Silences;
using Mine.Alerts.Sources;
using Mine.Alerts.Tracking;

namespace Mine.Alerts;

/// <summary>
/// One evaluation of everything that alerts (<see cref="EvaluateOnce"/>, called by the host's evaluator loop): the
/// fleet's landmines and stale hosts and the rules' conditions go through the tracker; each alert that fires or
/// resolves is recorded as an event and, unless a silence holds it back, queued for the webhooks. A firing alert a
/// silence held back is sent when the silence ends while it still fires; a resolved alert whose firing was never
/// sent is only recorded.
/// </summary>
public sealed partial class AlertService(
    AlertTracker tracker,
    AlertStateFile stateFile,
    SilenceStore silences,
    AlertDispatcher dispatcher,
    FleetSources fleet,
    RuleSource? rules,
    IAlertEventLog events,
    string? publicUrl = null,
    TimeProvider? time = null,
    ILogger? logger = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private long _silenced;
    private long _notifications;
    private long _ruleFailures;
    private long _evaluations;

    public AlertTracker Tracker => tracker;

    public SilenceStore Silences => silences;

    public AlertDispatcher Dispatcher => dispatcher;

    public IReadOnlyList<Rules.AlertRule> Rules => rules?.Rules ?? [];

    public long Now => _time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Alert changes a silence held back from the webhooks.</summary>
    public long Silenced => Interlocked.Read(ref _silenced);

    /// <summary>Alert changes queued for the webhooks.</summary>
    public long Notifications => Interlocked.Read(ref _notifications);

    /// <summary>Rule evaluations that failed (a read error, a limit).</summary>
    public long RuleFailures => Interlocked.Read(ref _ruleFailures);

    /// <summary>Evaluations finished since the start.</summary>
    public long Evaluations => Interlocked.Read(ref _evaluations);

    /// <summary>Marks the firing alerts of a message a webhook accepted as delivered (kept in alerts.json at the next
    /// evaluation); the dispatcher calls it (<see cref="AlertDispatcher.OnDelivered"/>).</summary>
    public void Delivered(IReadOnlyList<AlertNotification> message)
    {
        foreach (var notification in message)
        {
            if (notification.State == AlertState.Firing)
            {
                tracker.MarkDelivered(notification.Key);
            }
        }
    }

    /// <summary>Loads the alerts saved by the last run.</summary>
    public void Restore() => tracker.Restore(stateFile.Load());

    /// <summary>Evaluates every source once; the problems that left something out (empty when all went well).</summary>
    public IReadOnlyList<string> EvaluateOnce(CancellationToken cancellationToken)
    {
        var now = Now;
        var problems = new List<string>();
        var conditions = new List<AlertCondition>(fleet.Stale(now, tracker.IsActive));
        var (landmines, landminesJudged) = fleet.Landmines(now);
        conditions.AddRange(landmines);
        var judged = new HashSet<string>(StringComparer.Ordinal) { FleetSources.StaleSource };
        if (rules is not null)
        {
            var (ruleConditions, evaluated, failures) = rules.Evaluate(now, cancellationToken);
            conditions.AddRange(ruleConditions);
            judged.UnionWith(evaluated);
            foreach (var (rule, error) in failures)
            {
                Interlocked.Increment(ref _ruleFailures);
                problems.Add($"rule '{rule.Name}' could not be evaluated: {error.Message}");
                LogRuleFailed(_logger, rule.Name, error.Message);
            }
        }

        var transitions = tracker.Update(now, conditions, source => judged.Contains(source) || landminesJudged(source));
        foreach (var transition in transitions)
        {
            Announce(transition.Condition, transition.State, transition.Since, now, transition.WasSent || transition.State == AlertState.Firing);
        }

        foreach (var held in tracker.Unsent())
        {
            if (silences.Matching(held.Condition.Host, held.Condition.Group, held.Condition.Kind, now) is null)
            {
                Announce(held.Condition, AlertState.Firing, held.Since, now, tell: true);
            }
        }

        silences.Prune(now);
        try
        {
            stateFile.Save(tracker.Alerts());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"cannot write {stateFile.Path}: {ex.Message}");
        }

        Interlocked.Increment(ref _evaluations);
        return problems;
    }

    /// <summary>Records the change as an event, and queues it for the webhooks unless a silence holds it back
    /// (or, for a resolved alert, nobody was told it fired: <paramref name="tell"/> false).</summary>
    private void Announce(AlertCondition c, AlertState state, long since, long now, bool tell)
    {
        var notification = new AlertNotification(c.Key, c.Kind, state, c.Host, c.Group, c.Subject, since, now, c.Value, c.Summary, Link(c.Host));
        var silence = silences.Matching(c.Host, c.Group, c.Kind, now);
        var tags = new List<string> { "alert", "mine", c.Kind.Name(), state.Name() };
        if (c.Host is not null)
        {
            tags.Add(c.Host);
        }

        if (c.Group is not null && c.Group != c.Host)
        {
            tags.Add(c.Group);
        }

        if (silence is not null || !tell)
        {
            tags.Add("silenced");
            Interlocked.Increment(ref _silenced);
        }
        else
        {
            dispatcher.Enqueue(notification);
            Interlocked.Increment(ref _notifications);
            if (state == AlertState.Firing)
            {
                tracker.MarkSent(c.Key);
            }
        }

        var why = silence is not null ? $" (silenced by {silence.Id}: {silence.Describe()})" : !tell ? " (its firing was silenced)" : "";
        events.Record(now, $"{state.Name()}: {c.Summary}{why}", $"{c.Key} since {DateTimeOffset.FromUnixTimeSeconds(since):yyyy-MM-dd HH:mm:ss}Z {notification.Link}", tags);
    }

    private string Link(string? host)
    {
        var path = host is null ? "/api/alerts" : "/host/" + Uri.EscapeDataString(host);
        return string.IsNullOrEmpty(publicUrl) ? path : publicUrl.TrimEnd('/') + path;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "alert rule '{Rule}' could not be evaluated: {Message}; its alerts stay as they were until it can")]
    private static partial void LogRuleFailed(ILogger logger, string rule, string message);
}
