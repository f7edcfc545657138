namespace Mine.ClickHouse.Backlog;

/// <summary>What the sender did since the start, for /_internal/metrics (every member thread-safe).</summary>
public sealed class BacklogCounters
{
    private long _insertsSent;
    private long _rowsSent;
    private long _bytesSent;
    private long _networkErrors;
    private long _serverErrors;
    private long _refusedErrors;
    private long _insertMicroseconds;

    public long InsertsSent => Interlocked.Read(ref _insertsSent);

    public long RowsSent => Interlocked.Read(ref _rowsSent);

    /// <summary>Bytes sent in inserts ClickHouse acknowledged, as sent (compressed or not).</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public long NetworkErrors => Interlocked.Read(ref _networkErrors);

    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    /// <summary>Inserts ClickHouse refused as wrong (a missing table, a schema that differs): retried, but an operator must act.</summary>
    public long RefusedErrors => Interlocked.Read(ref _refusedErrors);

    /// <summary>Time spent in acknowledged inserts, for the mean insert latency.</summary>
    public double InsertSeconds => Interlocked.Read(ref _insertMicroseconds) / 1e6;

    internal void Sent(long rows, long bytes, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _insertsSent);
        Interlocked.Add(ref _rowsSent, rows);
        Interlocked.Add(ref _bytesSent, bytes);
        Interlocked.Add(ref _insertMicroseconds, (long)(elapsed.TotalMilliseconds * 1000));
    }

    internal void Failed(Http.ClickHouseErrorKind kind)
    {
        switch (kind)
        {
            case Http.ClickHouseErrorKind.Network:
                Interlocked.Increment(ref _networkErrors);
                break;
            case Http.ClickHouseErrorKind.Server:
                Interlocked.Increment(ref _serverErrors);
                break;
            default:
                Interlocked.Increment(ref _refusedErrors);
                break;
        }
    }
}
