namespace Mine.Protocols.Collectd;

/// <summary>collectd's <c>SecurityLevel</c> of a listening socket (network plugin, <c>&lt;Listen&gt;</c> block).</summary>
public enum CollectdSecurityLevel
{
    /// <summary>Everything accepted; signed parts verified and encrypted parts decrypted only if an AuthFile is set.</summary>
    None = 0,

    /// <summary>Only signed or encrypted parts count; plain parts are ignored.</summary>
    Sign = 1,

    /// <summary>Only encrypted parts count; plain and merely signed parts are ignored.</summary>
    Encrypt = 2,
}

/// <summary>Security settings of one collectd listener.</summary>
public sealed record CollectdSecurityOptions
{
    public CollectdSecurityLevel Level { get; init; } = CollectdSecurityLevel.None;

    /// <summary>collectd's <c>AuthFile</c>: <c>user: password</c> lines, re-read when it changes.</summary>
    public string? AuthFilePath { get; init; }

    /// <summary>
    /// Throws <see cref="InvalidOperationException"/> for the combinations collectd refuses: Sign or Encrypt
    /// without an AuthFile (network.c's sockent_init_crypto fails and the socket is never opened).
    /// </summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Level))
        {
            throw new InvalidOperationException($"Unknown collectd security level {(int)Level}.");
        }

        if (Level != CollectdSecurityLevel.None && string.IsNullOrEmpty(AuthFilePath))
        {
            throw new InvalidOperationException(
                $"collectd security level {Level} requires an AuthFile (--collectd-auth-file FILE with 'user: password' " +
                "lines): without one nothing could be verified, so, like collectd, the listener is not started.");
        }
    }
}
