namespace Mine.Alerts.Tracking;

/// <summary>An alert that fired or resolved in one evaluation. <paramref name="WasSent"/>: for a resolved alert,
/// whether its firing message had been sent (a resolved message for an alert nobody was told of is noise).</summary>
public sealed record AlertTransition(AlertCondition Condition, AlertState State, long Since, long At, bool WasSent);
