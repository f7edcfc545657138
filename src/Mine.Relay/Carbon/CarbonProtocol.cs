namespace Mine.Relay.Carbon;

/// <summary>How a carbon destination (<c>--carbon-to</c>) is fed.</summary>
public enum CarbonProtocol
{
    /// <summary>carbon's pickle receiver (port 2004), as carbon-relay feeds carbon-cache.</summary>
    Pickle,

    /// <summary>Plaintext lines (port 2003).</summary>
    Plaintext,
}
