using Mine.Core.Health;

namespace Mine.Relay.Forward;

/// <summary>
/// Sends one destination's chunks (docs/relay.md, "Forward protocol"): connects through the host's connection
/// factory (TCP, or TCP and TLS), says hello, keeps up to a window of chunks from the <see cref="IChunkSource"/> in
/// flight, acknowledges or rejects each as the destination answers, and on any failure gives every chunk in flight
/// back to the source and connects again after an exponential backoff. <see cref="RunAsync"/> is the loop the host
/// runs (under its supervisor) until the process stops.
/// </summary>
public sealed partial class ForwardClient
{
    /// <summary>The largest frame this client accepts from a destination: acknowledgements and errors are small.</summary>
    public const int MaxIncomingFramePayload = 64 * 1024;

    private readonly Func<CancellationToken, ValueTask<Stream>> _connect;
    private readonly ForwardLog _log;
    private int _running;

    /// <param name="destination">The destination's name in logs and metrics (host:port, or its configured name).</param>
    /// <param name="source">The destination's queue of chunks (the disk buffer).</param>
    /// <param name="connect">Opens a connection to the destination: a TCP stream (<see cref="ForwardTcp.Connector"/>),
    /// or one wrapped in TLS. Called again for every reconnection; the stream is disposed when the connection ends.</param>
    public ForwardClient(string destination, IChunkSource source, Func<CancellationToken, ValueTask<Stream>> connect, ForwardClientOptions? options = null, ForwardLog? log = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(destination);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(connect);
        Options = options ?? ForwardClientOptions.Default;
        Options.Validate();
        Destination = destination;
        Source = source;
        _connect = connect;
        _log = log ?? ((_, _) => { });
        Health = new LoopHealth($"forward-{destination}", StallAfter(Options));
    }

    public string Destination { get; }

    public ForwardClientOptions Options { get; }

    public ForwardClientCounters Counters { get; } = new();

    /// <summary>The loop's liveness: it beats while connected (every half heartbeat) and at every failure.</summary>
    public LoopHealth Health { get; }

    internal IChunkSource Source { get; }

    /// <summary>Connects, sends and reconnects until <paramref name="stopping"/> is cancelled; then gives back every
    /// chunk in flight and returns. Only one call at a time.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException($"the forward client to {Destination} is already running");
        }

        try
        {
            while (!stopping.IsCancellationRequested)
            {
                Exception failure;
                try
                {
                    await ConnectAndSendAsync(stopping).ConfigureAwait(false);
                    continue;
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    failure = ex;
                }

                var delay = OnFailure(failure);
                try
                {
                    await Task.Delay(delay, Options.Time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            SetState(ForwardClientState.Stopped);
            Health.Stopped();
            Volatile.Write(ref _running, 0);
        }
    }

    internal void Log(ForwardLogLevel level, string message) => _log(level, $"forward to {Destination}: {message}");

    /// <summary>The longest a healthy loop goes without a beat is a capped backoff plus a connect and a hello; twice
    /// that (and a heartbeat) without one means stuck.</summary>
    private static TimeSpan StallAfter(ForwardClientOptions options) =>
        2 * ((options.MaxRetryDelay * (1 + options.RetryRandomization)) + options.ConnectTimeout + options.HandshakeTimeout + options.HeartbeatInterval);
}
