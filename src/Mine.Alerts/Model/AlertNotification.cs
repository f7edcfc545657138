namespace Mine.Alerts;

/// <summary>One alert changing state (firing or resolved): what is queued, sent to webhooks and recorded as an event.</summary>
/// <param name="At">Unix seconds of the change.</param>
/// <param name="Since">Unix seconds the condition started (for a resolved alert: when it had started).</param>
/// <param name="Link">The host's page (or the API's alert list when no host is known), absolute when
/// Mine:Alerts:PublicUrl is set.</param>
public sealed record AlertNotification(
    string Key,
    AlertKind Kind,
    AlertState State,
    string? Host,
    string? Group,
    string Subject,
    long Since,
    long At,
    double? Value,
    string Summary,
    string Link);
