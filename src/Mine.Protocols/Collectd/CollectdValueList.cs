namespace Mine.Protocols.Collectd;

/// <summary>collectd's data-source types as they travel in a VALUES part.</summary>
public enum DataSourceType : byte
{
    Counter = 0,
    Gauge = 1,
    Derive = 2,
    Absolute = 3,
}

/// <summary>How a packet (or the part that carried a value list) was protected.</summary>
public enum CollectdSecurity : byte
{
    None = 0,
    Signed = 1,
    Encrypted = 2,
}

/// <summary>
/// One dispatched value list, viewed in place in the datagram (spans into the receive buffer: valid only during the
/// callback, nothing allocated). Identifier strings are the UTF-8 bytes without the trailing NUL. Times are
/// collectd's cdtime_t (seconds × 2^30). <see cref="RawValues"/> holds <c>Count</c> 8-byte values exactly as on the
/// wire: gauges little-endian IEEE-754, counter/derive/absolute big-endian integers; use
/// <see cref="CollectdValues"/> to read them.
/// </summary>
public readonly ref struct CollectdValueList
{
    public ReadOnlySpan<byte> Host { get; init; }

    public ReadOnlySpan<byte> Plugin { get; init; }

    public ReadOnlySpan<byte> PluginInstance { get; init; }

    public ReadOnlySpan<byte> Type { get; init; }

    public ReadOnlySpan<byte> TypeInstance { get; init; }

    public ulong TimeHr { get; init; }

    public ulong IntervalHr { get; init; }

    public ReadOnlySpan<byte> Types { get; init; }

    public ReadOnlySpan<byte> RawValues { get; init; }

    public CollectdSecurity Security { get; init; }

    /// <summary>The user that signed or encrypted the part this list came from (empty when none).</summary>
    public ReadOnlySpan<byte> Username { get; init; }

    public int Count => Types.Length;
}

/// <summary>A notification (MESSAGE part) with the identifier fields current at the time it was dispatched.</summary>
public readonly ref struct CollectdNotification
{
    public ReadOnlySpan<byte> Host { get; init; }

    public ReadOnlySpan<byte> Plugin { get; init; }

    public ReadOnlySpan<byte> PluginInstance { get; init; }

    public ReadOnlySpan<byte> Type { get; init; }

    public ReadOnlySpan<byte> TypeInstance { get; init; }

    public ulong TimeHr { get; init; }

    /// <summary>1 FAILURE, 2 WARNING, 4 OKAY (0 when the packet carried no SEVERITY part).</summary>
    public int Severity { get; init; }

    public ReadOnlySpan<byte> Message { get; init; }

    public CollectdSecurity Security { get; init; }
}

/// <summary>Receives what a datagram dispatches, in order.</summary>
public interface ICollectdReceiver
{
    void OnValueList(in CollectdValueList values);

    void OnNotification(in CollectdNotification notification);
}
