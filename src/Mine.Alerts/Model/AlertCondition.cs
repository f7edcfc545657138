namespace Mine.Alerts;

/// <summary>
/// Something wrong now, as one source sees it in one evaluation: a landmine, a stale host, a series over a rule's
/// threshold. The tracker turns conditions into alerts: it fires once a condition has held for <see cref="For"/>
/// since <see cref="Since"/>, and resolves when the condition is gone.
/// </summary>
/// <param name="Key">Identity across evaluations: the same problem has the same key (<c>stale:web-017</c>).</param>
/// <param name="Source">Which source reports it (<c>landmines</c>, <c>stale</c>, <c>rule:NAME</c>); a source that
/// could not be evaluated this time leaves its alerts as they were.</param>
/// <param name="Subject">The rule's name or the metric's id; the host's name for a stale host.</param>
/// <param name="Since">Unix seconds when the condition started, as far as the data tells.</param>
/// <param name="For">Seconds the condition must hold before it fires.</param>
/// <param name="Summary">One line for people: what is wrong.</param>
public sealed record AlertCondition(
    string Key,
    string Source,
    AlertKind Kind,
    string? Host,
    string? Group,
    string Subject,
    long Since,
    long For,
    double? Value,
    string Summary);
