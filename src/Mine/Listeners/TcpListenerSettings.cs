namespace Mine.Listeners;

/// <summary>What every TCP listener shares: the caps, the idle timeout and the buffer budget.</summary>
public sealed record TcpListenerSettings
{
    /// <summary>Connections one listener holds at most; beyond, new ones are accepted and closed at once.</summary>
    public int MaxConnectionsPerListener { get; init; } = 10_000;

    /// <summary>A connection that sends nothing for this long is closed; zero or less: never.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Total and per-address caps across listeners.</summary>
    public ConnectionGate Gate { get; init; } = new(20_000, 1_000);

    /// <summary>Receive-buffer memory of all connections together.</summary>
    public BufferBudget Budget { get; init; } = new(256L << 20);
}
