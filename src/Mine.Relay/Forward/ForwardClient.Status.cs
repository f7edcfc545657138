using System.Net.Sockets;
using System.Security.Authentication;
using Mine.Relay.Security;

namespace Mine.Relay.Forward;

/// <summary>What the client reports: its state, failures in a row, how long the destination has been down, the
/// last error; and the backoff that follows a failure.</summary>
public sealed partial class ForwardClient
{
    private readonly object _statusLock = new();
    private ForwardClientState _state = ForwardClientState.Connecting;
    private int _failuresInRow;
    private DateTimeOffset? _downSince;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;

    public ForwardClientStatus Status()
    {
        lock (_statusLock)
        {
            return new ForwardClientStatus(Destination, _state, Volatile.Read(ref _session)?.InFlight ?? 0, _failuresInRow, _downSince, _lastError, _lastErrorAt);
        }
    }

    private void SetState(ForwardClientState state)
    {
        lock (_statusLock)
        {
            _state = state;
        }
    }

    /// <summary>A chunk was acknowledged: the destination works, so the next failure starts the backoff again.</summary>
    internal void OnAcknowledged()
    {
        lock (_statusLock)
        {
            _failuresInRow = 0;
            _downSince = null;
        }
    }

    /// <summary>Counts and logs a failed connection and returns the wait before the next one.</summary>
    private TimeSpan OnFailure(Exception failure)
    {
        var (message, unexpected) = Describe(failure);
        Interlocked.Increment(ref Counters.ConnectionFailures);
        if (failure is TimeoutException)
        {
            Interlocked.Increment(ref Counters.Timeouts);
        }
        else if (failure is ForwardProtocolException or ForwardHandshakeException)
        {
            Interlocked.Increment(ref Counters.ProtocolErrors);
        }

        int failures;
        var now = Options.Time.GetUtcNow();
        lock (_statusLock)
        {
            failures = ++_failuresInRow;
            _downSince ??= now;
            _lastError = message;
            _lastErrorAt = now;
            _state = ForwardClientState.BackingOff;
        }

        var delay = ForwardBackoff.Delay(failures, Options.FirstRetryDelay, Options.MaxRetryDelay, Options.RetryRandomization, Random.Shared.NextDouble());
        Interlocked.Increment(ref Counters.Retries);
        Health.Failed(message);
        Log(unexpected ? ForwardLogLevel.Error : ForwardLogLevel.Warning,
            $"{message}; connecting again in {delay.TotalSeconds:0.0##} s (failure {failures} in a row){(unexpected ? Environment.NewLine + failure : "")}");
        return delay;
    }

    /// <summary>The failure in one line; <c>unexpected</c> when it is none of the ways a link fails (a bug, or the
    /// buffer failing), which is logged with its stack.</summary>
    private static (string Message, bool Unexpected) Describe(Exception failure) => failure switch
    {
        SocketException socket => ($"{socket.SocketErrorCode}: {socket.Message}", false),
        IOException { InnerException: SocketException socket } => ($"{socket.SocketErrorCode}: {socket.Message}", false),
        AuthenticationException tls => ($"TLS handshake failed: {tls.Message}", false),
        TlsRefusedException tls => (tls.Message, false), // the connection factory's TLS (Security's TlsHandshake) refused the link
        IOException or TimeoutException or ForwardProtocolException or ForwardHandshakeException or ForwardPeerException => (failure.Message, false),
        ObjectDisposedException => ("the connection was closed", false),
        _ => ($"{failure.GetType().Name}: {failure.Message}", true),
    };
}
