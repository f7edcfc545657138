namespace Mine.Alerts.Tracking;

/// <summary>
/// The alerts' state machine. Each evaluation hands it the conditions that hold now; it answers the transitions
/// to tell people about, each state once:
/// <list type="bullet">
/// <item>a new condition is pending until it has held for its <c>for</c> (counted from the data's <c>since</c>),
/// then fires;</item>
/// <item>a firing alert whose condition is gone waits <see cref="ResolveDelaySeconds"/> before it resolves; if the
/// condition comes back meanwhile it stays firing without a message (a flapping host sends one firing message, not a
/// hundred);</item>
/// <item>a pending alert whose condition is gone is forgotten silently;</item>
/// <item>alerts of a source that could not be evaluated this time stay as they are (a failed read is not "all
/// clear").</item>
/// </list>
/// Firing and resolving alerts are kept in a state file (<see cref="AlertStateFile"/>), so a restart neither sends
/// them again nor forgets to resolve them.
/// </summary>
public sealed class AlertTracker(long resolveDelaySeconds)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TrackedAlert> _alerts = new(StringComparer.Ordinal);

    public long ResolveDelaySeconds { get; } = Math.Max(0, resolveDelaySeconds);

    /// <summary>Resolved messages not sent because the condition came back within the resolve delay.</summary>
    public long FlapsSuppressed { get; private set; }

    /// <summary>Whether <paramref name="key"/> is firing or resolving (a stale host already alerted about keeps being
    /// watched after a restart).</summary>
    public bool IsActive(string key)
    {
        lock (_lock)
        {
            return _alerts.TryGetValue(key, out var alert) && alert.Phase != AlertPhase.Pending;
        }
    }

    /// <summary>Applies one evaluation at <paramref name="now"/>: <paramref name="conditions"/> hold; an alert whose
    /// source is <paramref name="evaluated"/> and whose condition is not among them is gone.</summary>
    public IReadOnlyList<AlertTransition> Update(long now, IReadOnlyCollection<AlertCondition> conditions, Func<string, bool> evaluated)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentNullException.ThrowIfNull(evaluated);
        var transitions = new List<AlertTransition>();
        lock (_lock)
        {
            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (var condition in conditions)
            {
                if (!present.Add(condition.Key))
                {
                    continue;
                }

                if (!_alerts.TryGetValue(condition.Key, out var alert))
                {
                    _alerts[condition.Key] = alert = new TrackedAlert(condition, AlertPhase.Pending);
                }

                alert.Condition = condition;
                alert.Since = Math.Min(alert.Since, condition.Since);
                switch (alert.Phase)
                {
                    case AlertPhase.Pending when now - condition.Since >= condition.For:
                        alert.Phase = AlertPhase.Firing;
                        alert.FiredAt = now;
                        transitions.Add(new AlertTransition(condition, AlertState.Firing, alert.Since, now, WasSent: false));
                        break;
                    case AlertPhase.Resolving:
                        alert.Phase = AlertPhase.Firing;
                        alert.Flaps++;
                        FlapsSuppressed++;
                        break;
                }
            }

            foreach (var (key, alert) in _alerts.ToList())
            {
                if (present.Contains(key) || !evaluated(alert.Condition.Source))
                {
                    continue;
                }

                if (alert.Phase == AlertPhase.Firing)
                {
                    alert.Phase = AlertPhase.Resolving;
                    alert.ResolvingSince = now;
                }

                if (alert.Phase == AlertPhase.Pending)
                {
                    _alerts.Remove(key);
                }
                else if (now - alert.ResolvingSince >= ResolveDelaySeconds)
                {
                    _alerts.Remove(key);
                    transitions.Add(new AlertTransition(alert.Condition, AlertState.Resolved, alert.Since, now, alert.Sent));
                }
            }
        }

        return transitions;
    }

    /// <summary>Records that the firing message of <paramref name="key"/> went out (not held back by a silence).</summary>
    public void MarkSent(string key)
    {
        lock (_lock)
        {
            if (_alerts.TryGetValue(key, out var alert))
            {
                alert.Sent = true;
            }
        }
    }

    /// <summary>Records that the firing message of <paramref name="key"/> reached a webhook.</summary>
    public void MarkDelivered(string key)
    {
        lock (_lock)
        {
            if (_alerts.TryGetValue(key, out var alert) && alert.Phase != AlertPhase.Pending)
            {
                alert.Delivered = true;
            }
        }
    }

    /// <summary>Firing alerts whose message a silence held back (sent once the silence is gone), or that were restored
    /// from a run that stopped before their message was delivered.</summary>
    public IReadOnlyList<AlertView> Unsent()
    {
        lock (_lock)
        {
            return _alerts.Values.Where(static a => a.Phase == AlertPhase.Firing && !a.Sent).Select(View).ToList();
        }
    }

    /// <summary>Every alert followed now (pending, firing, resolving), oldest first.</summary>
    public IReadOnlyList<AlertView> Alerts()
    {
        lock (_lock)
        {
            return _alerts.Values.OrderBy(static a => a.Since).ThenBy(static a => a.Condition.Key, StringComparer.Ordinal).Select(View).ToList();
        }
    }

    /// <summary>Puts back alerts from the state file (firing or resolving ones).</summary>
    public void Restore(IEnumerable<AlertView> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        lock (_lock)
        {
            foreach (var saved in alerts.Where(static a => a.Phase != AlertPhase.Pending))
            {
                _alerts[saved.Condition.Key] = new TrackedAlert(saved.Condition, saved.Phase)
                {
                    Since = saved.Since,
                    FiredAt = saved.FiredAt,
                    ResolvingSince = saved.ResolvingSince,
                    Sent = saved.Delivered ?? saved.Sent,
                    Delivered = saved.Delivered ?? saved.Sent,
                    Flaps = saved.Flaps,
                };
            }
        }
    }

    private static AlertView View(TrackedAlert a) => new(a.Condition, a.Phase, a.Since, a.FiredAt, a.ResolvingSince, a.Sent, a.Flaps, a.Delivered);
}
