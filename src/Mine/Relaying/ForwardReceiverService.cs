using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mine.Core.Health;
using Mine.Hosting;
using Mine.Relay.Forward;
using Mine.Relay.Security;

namespace Mine.Relaying;

/// <summary>
/// `--forward-listen`: accepts relays' chunks (docs/relay.md, "Forward protocol"), over mutual TLS when the node has
/// TLS files, and hands each chunk to a store that acknowledges it only once it is durable: `serve` stores it in
/// the WAL, a chained relay in its own disk buffer. The ids of stored chunks are kept in <c>DIR/forward-dedup/</c>
/// so that a chunk resent after a lost acknowledgement is stored once.
/// </summary>
internal sealed class ForwardReceiverService(IPEndPoint endPoint, string directory, IForwardedChunkStore store, TlsSettings? tls, LoopRegistry loops, ILogger logger)
    : IHostedService, IMetricSource, IAsyncDisposable
{
    private readonly TlsRefusals _refusals = new(message => logger.LogWarning("forward listener: {Message}", message));
    private DedupWindow? _dedup;
    private ForwardListener? _listener;

    /// <summary>The address the listener is bound to, once started (port 0 in the settings picks a free one).</summary>
    public IPEndPoint? BoundEndPoint => _listener?.LocalEndPoint;

    /// <summary>How the startup block describes it: its address and whether peers must show a certificate.</summary>
    public string Describe() => $"tcp {BoundEndPoint?.ToString() ?? endPoint.ToString()}, "
        + (tls is null ? "plain TCP (--tls-cert, --tls-key and --tls-ca turn on mutual TLS)" : "mutual TLS");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _dedup = DedupWindow.Open(Path.Combine(directory, DedupWindow.FolderName), log: ForwardLogging.To(logger, "forward dedup"));
        var handshake = tls is null ? null : new TlsHandshake(tls, _refusals);
        var options = new ForwardReceiverOptions
        {
            WrapStream = handshake is null ? null : (stream, peer, cancellation) => handshake.AuthenticateServerAsync(stream, peer, cancellation),
        };
        _listener = new ForwardListener(endPoint, new ForwardReceiverContext(store, _dedup, options, ForwardLogging.To(logger, "forward listener")));
        try
        {
            _listener.Start();
        }
        catch (InvalidOperationException ex) when (ex.InnerException is System.Net.Sockets.SocketException socket)
        {
            _listener = null;
            throw ListenFailure.Exception("forward", "tcp", endPoint, socket);
        }

        loops.Register(_listener.Health, LoopImportance.Critical);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _listener, null) is { } listener)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        Interlocked.Exchange(ref _dedup, null)?.Dispose();
    }

    public IEnumerable<MineMetrics.Sample> Samples()
    {
        if (_listener is null)
        {
            yield break;
        }

        var none = Array.Empty<(string, string)>();
        var c = _listener.Counters;
        yield return new("mine_forward_connections_total", "Connections of relays to the forward listener.", "counter", none, Interlocked.Read(ref c.Connections));
        yield return new("mine_forward_active_connections", "Relay connections open now.", "gauge", none, Interlocked.Read(ref c.ActiveConnections));
        yield return new("mine_forward_chunks_received_total", "Chunks received from relays.", "counter", none, Interlocked.Read(ref c.ChunksReceived));
        yield return new("mine_forward_chunks_stored_total", "Chunks stored and acknowledged.", "counter", none, Interlocked.Read(ref c.ChunksStored));
        yield return new("mine_forward_points_stored_total", "Points of the chunks stored.", "counter", none, Interlocked.Read(ref c.PointsStored));
        yield return new("mine_forward_chunks_duplicate_total", "Chunks received again after their acknowledgement was lost: acknowledged, not stored again.", "counter", none, Interlocked.Read(ref c.ChunksDuplicate));
        yield return new("mine_forward_chunks_damaged_total", "Chunks that did not open (refused for good).", "counter", none, Interlocked.Read(ref c.ChunksDamaged));
        yield return new("mine_forward_store_failures_total", "Chunks whose store failed (the relay keeps them and retries).", "counter", none, Interlocked.Read(ref c.StoreFailures));
        yield return new("mine_forward_protocol_errors_total", "Connections ended by a protocol error.", "counter", none, Interlocked.Read(ref c.ProtocolErrors));
        foreach (var reason in Enum.GetValues<ForwardRefusal>())
        {
            yield return new("mine_forward_refused_total", "Connections refused before the protocol started, by reason.", "counter", [("reason", reason.ToString())], c.RefusedFor(reason));
        }

        foreach (var reason in TlsRefusals.Reasons)
        {
            yield return new("mine_tls_refused_total", "TLS handshakes refused, by reason (docs/relay.md, Mutual TLS).", "counter", [("reason", TlsRefusals.MetricName(reason))], _refusals.Count(reason));
        }
    }
}
