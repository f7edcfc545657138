namespace Mine.Relay.Security;

/// <summary>
/// Refused TLS connections, counted by <see cref="TlsRefusalReason"/> for the host to publish, and logged one line
/// per refusal (peer and reason) but at most one line per interval: a scanner or a misconfigured relay retrying
/// every second must not flood the log, while the counters still see every refusal. Thread-safe.
/// </summary>
public sealed class TlsRefusals
{
    private static readonly TlsRefusalReason[] AllReasons = Enum.GetValues<TlsRefusalReason>();

    private readonly long[] _counts = new long[AllReasons.Length];
    private readonly Action<string>? _log;
    private readonly long _intervalMs;
    private long _nextLogAt = long.MinValue;
    private long _suppressed;

    /// <param name="log">Where the refusal lines go (the host's logger); null logs nothing.</param>
    /// <param name="logInterval">At most one line per this interval (default 10 s); the lines held back are
    /// counted in the next one.</param>
    public TlsRefusals(Action<string>? log = null, TimeSpan? logInterval = null)
    {
        _log = log;
        _intervalMs = (long)(logInterval ?? TimeSpan.FromSeconds(10)).TotalMilliseconds;
    }

    /// <summary>Every reason, in a stable order, for publishing one counter each.</summary>
    public static IReadOnlyList<TlsRefusalReason> Reasons => AllReasons;

    /// <summary>Refusals for <paramref name="reason"/> since start.</summary>
    public long Count(TlsRefusalReason reason) => Interlocked.Read(ref _counts[(int)reason]);

    /// <summary>Refusals for every reason since start.</summary>
    public long Total
    {
        get
        {
            long total = 0;
            foreach (var reason in AllReasons)
            {
                total += Count(reason);
            }

            return total;
        }
    }

    /// <summary>The metric name part of a reason: <c>not_tls</c>, <c>no_certificate</c>, <c>unknown_ca</c>,
    /// <c>expired</c>, <c>name_mismatch</c>, <c>bad_certificate</c>, <c>handshake_failed</c>.</summary>
    public static string MetricName(TlsRefusalReason reason) => reason switch
    {
        TlsRefusalReason.NotTls => "not_tls",
        TlsRefusalReason.NoCertificate => "no_certificate",
        TlsRefusalReason.UnknownCa => "unknown_ca",
        TlsRefusalReason.Expired => "expired",
        TlsRefusalReason.NameMismatch => "name_mismatch",
        TlsRefusalReason.BadCertificate => "bad_certificate",
        TlsRefusalReason.HandshakeFailed => "handshake_failed",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    /// <summary>Counts one refusal and logs it unless a line was written less than an interval ago.</summary>
    /// <param name="peer">The peer's address (server side) or host (client side), as the log line shows it.</param>
    /// <param name="detail">What was wrong, for the log line (e.g. the certificate's issuer).</param>
    public void Record(TlsRefusalReason reason, string peer, string detail)
    {
        Interlocked.Increment(ref _counts[(int)reason]);
        if (_log is null)
        {
            return;
        }

        var now = Environment.TickCount64;
        var next = Interlocked.Read(ref _nextLogAt);
        if (now < next || Interlocked.CompareExchange(ref _nextLogAt, now + _intervalMs, next) != next)
        {
            Interlocked.Increment(ref _suppressed);
            return;
        }

        var suppressed = Interlocked.Exchange(ref _suppressed, 0);
        var more = suppressed == 0 ? "" : $"; {suppressed} more refused since the last line";
        _log($"tls: refused {peer}: {MetricName(reason)} ({detail}){more}");
    }
}
