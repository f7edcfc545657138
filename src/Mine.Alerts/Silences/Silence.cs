namespace Mine.Alerts.Silences;

/// <summary>
/// Holds back the alerts of a host, or of a group (optionally of one kind only), until <see cref="Ends"/>. A silenced
/// alert is still tracked, listed and recorded as an event tagged <c>silenced</c>; only its message is not sent.
/// </summary>
public sealed record Silence(string Id, string? Host, string? Group, AlertKind? Kind, long Starts, long Ends, string Comment)
{
    public bool IsActive(long now) => now >= Starts && now < Ends;

    public bool Matches(string? host, string? group, AlertKind kind) =>
        (Host is null || string.Equals(Host, host, StringComparison.Ordinal))
        && (Group is null || string.Equals(Group, group, StringComparison.Ordinal))
        && (Kind is null || Kind == kind);

    /// <summary>"host web-017", "group web, kind stale".</summary>
    public string Describe() => string.Join(", ", new[]
    {
        Host is null ? null : $"host {Host}",
        Group is null ? null : $"group {Group}",
        Kind is null ? null : $"kind {Kind.Value.Name()}",
    }.Where(static p => p is not null));
}
