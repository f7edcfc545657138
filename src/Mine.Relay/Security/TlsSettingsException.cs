using Mine.Core.Errors;

namespace Mine.Relay.Security;

/// <summary>
/// <c>--tls-cert</c>, <c>--tls-key</c> or <c>--tls-ca</c> cannot be used. The message starts with the flag and says
/// what to do; a command prints it as one line and exits with its usage code.
/// </summary>
public sealed class TlsSettingsException(string flag, string message) : MineUserException(message)
{
    /// <summary>The flag at fault, e.g. <c>--tls-key</c>.</summary>
    public string Flag { get; } = flag;
}
