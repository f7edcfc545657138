using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mine.Core.Health;
using Mine.Core.Series;
using Mine.Hosting;
using Mine.Events;
using Mine.Fleet;
using Mine.Ingestion;
using Mine.Protocols.Collectd;

namespace Mine.Listeners;

/// <summary>
/// A drop-in receiver for collectd's network plugin: UDP datagrams (IPv4, IPv6, or a joined multicast group)
/// parsed and checked as collectd's own listener does, value lists named as write_graphite would name them,
/// notifications kept as events, and every host recorded in the fleet registry as it appears.
/// </summary>
public sealed class CollectdUdpListener : BackgroundService, IIngestListener
{
    private readonly IPEndPoint _endPoint;
    private readonly CollectdSecurityOptions _security;
    private readonly WriteGraphiteConverter _converter;
    private readonly IPointIntake _pipeline;
    private readonly EventStore? _events;
    private readonly FleetRegistry? _fleet;
    private readonly ILogger _logger;
    private readonly LoopSupervisor _supervisor;
    private readonly RateLimitedRejectLog _rejects;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CollectdPacketParser? _parser;
    private Socket? _socket;
    private WriteGraphiteCounters _naming;

    public CollectdUdpListener(IPEndPoint endPoint, CollectdSecurityOptions security, WriteGraphiteConverter converter, IPointIntake pipeline,
        EventStore? events, FleetRegistry? fleet, ListenerCounters counters, LoopSupervisor supervisor, ILogger<CollectdUdpListener> logger)
    {
        _supervisor = supervisor;
        _endPoint = endPoint;
        _security = security;
        _converter = converter;
        _pipeline = pipeline;
        _events = events;
        _fleet = fleet;
        _logger = logger;
        _rejects = new RateLimitedRejectLog(logger, "collectd", TimeSpan.FromSeconds(10));
        Counters = counters;
    }

    public ListenerCounters Counters { get; }

    /// <summary>The receive loop's liveness (it waits on the kernel: no stall time).</summary>
    public LoopHealth Health { get; } = new("collectd-udp-listener", TimeSpan.MaxValue);

    public Task Started => _started.Task;

    public IPEndPoint? BoundEndPoint => _socket?.LocalEndPoint as IPEndPoint;

    public CollectdCounters? ProtocolCounters => _parser?.Counters;

    /// <summary>Naming and rate counters (unknown types, value too old, no rate yet…), read by the metrics page.</summary>
    public WriteGraphiteCounters NamingCounters => _naming;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // collectd refuses to open the socket for Sign/Encrypt without an AuthFile; so does Mine (the parser throws).
        _parser = new CollectdPacketParser(_security);
        var multicast = IsMulticast(_endPoint.Address);
        _socket = new Socket(_endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 8 * 1024 * 1024 };
        try
        {
            if (multicast)
            {
                _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                var any = _endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
                _socket.Bind(new IPEndPoint(any, _endPoint.Port));
                if (_endPoint.AddressFamily == AddressFamily.InterNetworkV6)
                {
                    _socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.AddMembership, new IPv6MulticastOption(_endPoint.Address));
                }
                else
                {
                    _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(_endPoint.Address));
                }
            }
            else
            {
                _socket.Bind(_endPoint);
            }
        }
        catch (SocketException ex)
        {
            _socket.Dispose();
            throw ListenFailure.Exception("collectd", "udp", _endPoint, ex);
        }

        _supervisor.Registry.Register(Health, LoopImportance.Critical);
        _started.TrySetResult();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _supervisor.RunAsync(Health, LoopImportance.Critical, ReceiveLoopAsync, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _socket?.Dispose();
            _parser?.Dispose();
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken stoppingToken)
    {
        // 64 KiB: a receive buffer smaller than a sender's MaxPacketSize truncates its packets (wire-protocols §1.5).
        var buffer = new byte[65536];
        var receiver = new Receiver(this);
        var any = new IPEndPoint(_endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await _socket!.ReceiveFromAsync(buffer, SocketFlags.None, any, stoppingToken).ConfigureAwait(false);
                }
                catch (SocketException ex) when (!stoppingToken.IsCancellationRequested)
                {
                    Health.Failed($"receive failed: {ex.SocketErrorCode}");
                    _logger.LogWarning("collectd: receive failed ({Error}: {Message}); continuing", ex.SocketErrorCode, ex.Message);
                    await Task.Delay(10, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                Health.Succeeded();
                var rejectionsBefore = _parser!.Counters.Rejections;
                var reason = _parser.Parse(buffer.AsSpan(0, received.ReceivedBytes), receiver);
                Interlocked.Increment(ref Counters.Received);
                if (_parser.Counters.Rejections != rejectionsBefore)
                {
                    Interlocked.Increment(ref Counters.Invalid);
                    _rejects.Report(reason.ToString(), received.RemoteEndPoint.ToString() ?? "?", _parser.Counters.Rejections);
                }

                // Batches of earlier hosts of this datagram (each host's new series count against its own allowance).
                foreach (var (ready, host) in receiver.Ready)
                {
                    await _pipeline.SubmitOrDropAsync(ready, Counters, host, PlaintextUdpListener.QueueWait, stoppingToken).ConfigureAwait(false);
                }

                receiver.Ready.Clear();

                // Flush the batch when it is big, or when no more datagrams are waiting (keeps latency low).
                if (receiver.Batch is { } batch && (batch.Count >= IngestPipeline.BatchPoints || _socket.Available == 0))
                {
                    receiver.Batch = null;
                    await _pipeline.SubmitOrDropAsync(batch, Counters, receiver.BatchHost, PlaintextUdpListener.QueueWait, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var (ready, host) in receiver.Ready)
            {
                _pipeline.WriteNow(ready, Counters, host);
                _pipeline.ReturnBatch(ready);
            }

            if (receiver.Batch is { } pending)
            {
                _pipeline.WriteNow(pending, Counters, receiver.BatchHost);
                _pipeline.ReturnBatch(pending);
            }
        }
    }

    private static bool IsMulticast(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? address.IsIPv6Multicast : (address.GetAddressBytes()[0] & 0xF0) == 0xE0;

    /// <summary>Turns dispatched value lists into Graphite points, notifications into events, hosts into fleet entries.</summary>
    private sealed class Receiver(CollectdUdpListener owner) : ICollectdReceiver
    {
        private byte[] _lastHost = [];
        private byte[] _lastPlugin = [];
        private string _host = "";
        private string _plugin = "";
        private long _lastSeenSecond;

        public PointBatch? Batch { get; set; }

        /// <summary>The collectd host whose value lists <see cref="Batch"/> holds (its new-series allowance).</summary>
        public string? BatchHost { get; private set; }

        /// <summary>Filled batches of hosts seen earlier in the datagram, to submit after parsing it.</summary>
        public List<(PointBatch Batch, string Host)> Ready { get; } = [];

        public void OnValueList(in CollectdValueList values)
        {
            // Decode host and plugin only when they change: a datagram carries one host's lists in a row.
            var changed = false;
            if (!values.Host.SequenceEqual(_lastHost))
            {
                _lastHost = values.Host.ToArray();
                _host = Encoding.UTF8.GetString(_lastHost);
                changed = true;
            }

            if (!values.Plugin.SequenceEqual(_lastPlugin))
            {
                _lastPlugin = values.Plugin.ToArray();
                _plugin = Encoding.UTF8.GetString(_lastPlugin);
                changed = true;
            }

            if (Batch is null)
            {
                Batch = owner._pipeline.RentBatch();
            }
            else if (Batch.Count > 0 && !string.Equals(BatchHost, _host, StringComparison.Ordinal))
            {
                Ready.Add((Batch, BatchHost!));
                Batch = owner._pipeline.RentBatch();
            }

            BatchHost = _host;
            var dropped = values.Count - owner._converter.Append(values, Batch, ref owner._naming);
            if (dropped > 0)
            {
                Interlocked.Add(ref owner.Counters.Dropped, dropped);
            }

            var second = (long)((values.TimeHr + (1UL << 29)) >> 30);
            if (changed || second != _lastSeenSecond)
            {
                _lastSeenSecond = second;
                owner._fleet?.Seen(_host, _plugin, second);
            }
        }

        public void OnNotification(in CollectdNotification notification)
        {
            var severity = notification.Severity switch { 1 => "failure", 2 => "warning", 4 => "okay", _ => "unknown" };
            var host = Encoding.UTF8.GetString(notification.Host);
            var plugin = Encoding.UTF8.GetString(notification.Plugin);
            var message = Encoding.UTF8.GetString(notification.Message);
            var identifier = string.Join('/', new[] { host, plugin, Encoding.UTF8.GetString(notification.PluginInstance), Encoding.UTF8.GetString(notification.Type), Encoding.UTF8.GetString(notification.TypeInstance) }.Where(static s => s.Length > 0));
            var tags = new List<string> { "collectd", severity };
            if (host.Length > 0)
            {
                tags.Add(host);
            }

            if (plugin.Length > 0)
            {
                tags.Add(plugin);
            }

            owner._events?.Add(notification.TimeHr / 1073741824.0, $"{severity.ToUpperInvariant()} {identifier}", message, tags);
            if (host.Length > 0)
            {
                owner._fleet?.Seen(host, plugin, (long)(notification.TimeHr >> 30));
            }
        }
    }
}
