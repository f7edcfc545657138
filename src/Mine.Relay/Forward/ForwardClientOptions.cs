namespace Mine.Relay.Forward;

/// <summary>A forward client's window, timeouts and retry schedule (docs/relay.md, "Forward protocol").</summary>
public sealed record ForwardClientOptions
{
    /// <summary>Chunks sent and not yet acknowledged, at most.</summary>
    public int Window { get; init; } = 8;

    /// <summary>The connection factory (TCP connect, TLS handshake) must return within this.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The destination's hello must arrive within this.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A PING is written when nothing else was for this long.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The connection is given up when no byte arrived for this long (the destination pings too).</summary>
    public TimeSpan ReceiveTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The connection is given up when a chunk written this long ago is still unacknowledged.</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Fluentd's retry_wait: the wait before the first reconnection.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Fluentd's retry_max_interval.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Fluentd's retry_randomize width: each wait is moved by up to this fraction either way.</summary>
    public double RetryRandomization { get; init; } = 0.125;

    /// <summary>The clock of the waits between reconnections and of the status's times (tests replace it).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public static ForwardClientOptions Default { get; } = new();

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Window, 1, nameof(Window));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HeartbeatInterval, TimeSpan.Zero, nameof(HeartbeatInterval));
        if (ReceiveTimeout <= HeartbeatInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(ReceiveTimeout), ReceiveTimeout, $"the receive timeout must be longer than the heartbeat interval ({HeartbeatInterval}), or a quiet healthy link would time out");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(FirstRetryDelay, TimeSpan.Zero, nameof(FirstRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, FirstRetryDelay, nameof(MaxRetryDelay));
        ArgumentOutOfRangeException.ThrowIfNegative(RetryRandomization, nameof(RetryRandomization));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(RetryRandomization, 1, nameof(RetryRandomization));
    }
}
