namespace Mine.Relay.Forward;

/// <summary>A forward client at one moment. <see cref="DownSince"/> is set from the first failure after the last
/// acknowledged chunk (or after the start) until the next acknowledgement: how long the destination has been
/// unreachable, whatever the retries did in between.</summary>
public sealed record ForwardClientStatus(
    string Destination,
    ForwardClientState State,
    int InFlight,
    int FailuresInRow,
    DateTimeOffset? DownSince,
    string? LastError,
    DateTimeOffset? LastErrorAt);
