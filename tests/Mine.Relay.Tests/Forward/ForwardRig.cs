using System.Net;
using Mine.Relay.Forward;
using Xunit.Abstractions;

namespace Mine.Relay.Tests.Forward;

/// <summary>
/// A receiver (listener, dedup window in a temporary data directory, in-memory store) on 127.0.0.1 and forward
/// clients to it, with retries scaled down to tens of milliseconds. The receive timeouts stay at seconds: on two
/// shared cores under load a healthy connection can stall for a second, and only the tests of a dead link shorten
/// them (<see cref="QuickToGiveUp"/>).
/// The listener can be stopped and started again on the same port and directory, as a restarted process.
/// </summary>
internal sealed class ForwardRig : IAsyncDisposable
{
    private readonly List<(CancellationTokenSource Stop, Task Run)> _clients = [];
    private int _port;

    public ForwardRig(ITestOutputHelper output, ForwardReceiverOptions? receiverOptions = null)
    {
        Log = new TestLog(output);
        ReceiverOptions = receiverOptions ?? FastReceiver;
    }

    public static ForwardReceiverOptions FastReceiver { get; } = new()
    {
        HeartbeatInterval = TimeSpan.FromMilliseconds(100),
        ReceiveTimeout = TimeSpan.FromSeconds(5),
        HandshakeTimeout = TimeSpan.FromSeconds(5),
    };

    public static ForwardClientOptions FastClient { get; } = new()
    {
        Window = 4,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        HandshakeTimeout = TimeSpan.FromSeconds(5),
        HeartbeatInterval = TimeSpan.FromMilliseconds(100),
        ReceiveTimeout = TimeSpan.FromSeconds(5),
        AckTimeout = TimeSpan.FromSeconds(10),
        FirstRetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>A client that gives a silent link up after a second (for the tests of a dead link only).</summary>
    public static ForwardClientOptions QuickToGiveUp { get; } = FastClient with
    {
        ReceiveTimeout = TimeSpan.FromSeconds(1),
        HandshakeTimeout = TimeSpan.FromSeconds(1),
    };

    public TempDirectory Data { get; } = new();

    public FakeChunkStore Store { get; } = new();

    public TestLog Log { get; }

    public ForwardReceiverOptions ReceiverOptions { get; }

    public DedupWindow? Dedup { get; private set; }

    public ForwardListener? Listener { get; private set; }

    public ForwardReceiverContext? Context { get; private set; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, _port);

    /// <summary>Opens the dedup window and starts the listener (on the port it had before, after a stop).</summary>
    public ForwardListener StartListener(int maxConnections = 256)
    {
        Dedup = DedupWindow.Open(Data.Path, log: Log.Log);
        Context = new ForwardReceiverContext(Store, Dedup, ReceiverOptions, Log.Log);
        Listener = new ForwardListener(new IPEndPoint(IPAddress.Loopback, _port), Context, maxConnections);
        Listener.Start();
        _port = Listener.LocalEndPoint.Port;
        return Listener;
    }

    /// <summary>Stops the listener (connections and stores cancelled) and closes the dedup window, as a receiver
    /// process that stops.</summary>
    public async Task StopListenerAsync()
    {
        if (Listener is not null)
        {
            await Listener.DisposeAsync();
        }

        Dedup?.Dispose();
        Listener = null;
        Dedup = null;
    }

    /// <summary>Starts a client sending <paramref name="source"/>'s chunks to <paramref name="target"/> (the
    /// listener unless given: a proxy in front of it, say), over TCP or what <paramref name="wrap"/> makes of it.</summary>
    public ForwardClient StartClient(IChunkSource source, IPEndPoint? target = null, ForwardClientOptions? options = null, Func<Func<CancellationToken, ValueTask<Stream>>, Func<CancellationToken, ValueTask<Stream>>>? wrap = null)
    {
        var to = target ?? EndPoint;
        var connect = ForwardTcp.Connector("127.0.0.1", to.Port);
        var client = new ForwardClient($"127.0.0.1:{to.Port}", source, wrap is null ? connect : wrap(connect), options ?? FastClient, Log.Log);
        var stop = new CancellationTokenSource();
        _clients.Add((stop, client.RunAsync(stop.Token)));
        return client;
    }

    /// <summary>Stops every client (their chunks in flight go back to their sources).</summary>
    public async Task StopClientsAsync()
    {
        foreach (var (stop, run) in _clients)
        {
            await stop.CancelAsync();
            await run.WaitAsync(TimeSpan.FromSeconds(10));
            stop.Dispose();
        }

        _clients.Clear();
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing the test after <paramref name="seconds"/>.</summary>
    public static async Task WaitUntil(Func<bool> condition, string what, double seconds = 20)
    {
        var deadline = Environment.TickCount64 + (long)(seconds * 1000);
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"timed out after {seconds} s waiting until {what}");
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopClientsAsync();
        await StopListenerAsync();
        Data.Dispose();
    }
}
