using System.Net;
using System.Net.Sockets;

namespace Mine.Relay.Tests.Routing;

/// <summary>
/// Plaintext listeners on 127.0.0.1 ephemeral ports standing in for a relay's destinations: each records the metric
/// names of the lines that reach it, so a test sees where a real relay sent every name.
/// </summary>
internal sealed class LineSinks : IAsyncDisposable
{
    private readonly TcpListener[] _listeners;
    private readonly Dictionary<string, List<int>> _arrivals = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];

    public LineSinks(int count)
    {
        _listeners = [.. Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0))];
        for (var sink = 0; sink < count; sink++)
        {
            _listeners[sink].Start();
            var index = sink;
            _tasks.Add(AcceptAsync(index));
        }
    }

    public int Port(int sink) => ((IPEndPoint)_listeners[sink].LocalEndpoint).Port;

    /// <summary>Per name received, the sinks it reached (in arrival order).</summary>
    public Dictionary<string, List<int>> Arrivals()
    {
        lock (_arrivals)
        {
            return _arrivals.ToDictionary(a => a.Key, a => a.Value.ToList(), StringComparer.Ordinal);
        }
    }

    /// <summary>Waits until every name of <paramref name="names"/> has arrived somewhere.</summary>
    public async Task WaitForAsync(IReadOnlyCollection<string> names, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            int arrived;
            lock (_arrivals)
            {
                arrived = names.Count(_arrivals.ContainsKey);
            }

            if (arrived == names.Count)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{arrived} of {names.Count} names reached the sinks within {timeout}.\n{describe()}");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var listener in _listeners)
        {
            listener.Stop();
        }

        try
        {
            await Task.WhenAll(_tasks);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
            // Stopping cuts the accept loops and open connections short; that is the point.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync(int sink)
    {
        var connections = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listeners[sink].AcceptTcpClientAsync(_stop.Token);
                connections.Add(ReadAsync(sink, client));
            }
        }
        finally
        {
            await Task.WhenAll(connections.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
    }

    private async Task ReadAsync(int sink, TcpClient client)
    {
        using var _ = client;
        using var reader = new StreamReader(client.GetStream());
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var name = space < 0 ? line : line[..space];
            lock (_arrivals)
            {
                if (!_arrivals.TryGetValue(name, out var sinks))
                {
                    _arrivals[name] = sinks = [];
                }

                sinks.Add(sink);
            }
        }
    }
}
