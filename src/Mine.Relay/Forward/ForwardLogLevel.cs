namespace Mine.Relay.Forward;

/// <summary>How much a forward log line matters; the host maps it onto its logger's levels.</summary>
public enum ForwardLogLevel
{
    Debug,
    Information,
    Warning,
    Error,
}
