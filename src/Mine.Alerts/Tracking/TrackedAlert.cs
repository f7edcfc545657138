namespace Mine.Alerts.Tracking;

/// <summary>Where an alert stands.</summary>
public enum AlertPhase
{
    /// <summary>The condition holds but not yet for its rule's <c>for</c>: nothing sent.</summary>
    Pending,

    /// <summary>Fired: the firing message was sent (or silenced).</summary>
    Firing,

    /// <summary>The condition is gone, but a resolved message waits the resolve delay: if the condition comes back
    /// meanwhile (a flapping host), the alert simply stays firing and nobody gets two more messages.</summary>
    Resolving,
}

/// <summary>One alert the tracker follows (mutable; only the tracker changes it, under its lock).</summary>
public sealed class TrackedAlert(AlertCondition condition, AlertPhase phase)
{
    public AlertCondition Condition { get; set; } = condition;

    public AlertPhase Phase { get; set; } = phase;

    /// <summary>Unix seconds the condition started (the earliest the data told).</summary>
    public long Since { get; set; } = condition.Since;

    /// <summary>Unix seconds it fired; 0 while pending.</summary>
    public long FiredAt { get; set; }

    /// <summary>Unix seconds the condition was last seen gone (while resolving).</summary>
    public long ResolvingSince { get; set; }

    /// <summary>Whether the firing message went to the webhooks' queues (false while a silence held it back).</summary>
    public bool Sent { get; set; }

    /// <summary>Whether the firing message reached a webhook. Only this survives a restart as "sent": a message still
    /// queued or being retried when Mine stopped is queued again after the start.</summary>
    public bool Delivered { get; set; }

    /// <summary>Times the condition came back while resolving: resolved messages saved.</summary>
    public int Flaps { get; set; }
}

/// <summary>An alert as the API shows it and alerts.json keeps it: a copy, taken under the tracker's lock.
/// <paramref name="Delivered"/> is absent (null) in files written before it was kept: read as <paramref name="Sent"/>.</summary>
public sealed record AlertView(AlertCondition Condition, AlertPhase Phase, long Since, long FiredAt, long ResolvingSince, bool Sent, int Flaps, bool? Delivered = null);
