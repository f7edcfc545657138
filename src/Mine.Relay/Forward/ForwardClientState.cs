namespace Mine.Relay.Forward;

/// <summary>What a forward client is doing, for metrics and /health.</summary>
public enum ForwardClientState
{
    /// <summary>Not started yet, or connecting and saying hello.</summary>
    Connecting,

    /// <summary>Hellos exchanged: sending chunks and reading acknowledgements.</summary>
    Connected,

    /// <summary>The last connection failed; waiting before the next one.</summary>
    BackingOff,

    /// <summary>Its loop ended (the process is stopping).</summary>
    Stopped,
}
