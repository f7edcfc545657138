using Mine.Core.Diagnostics;
using System.Net.Sockets;

namespace Mine.Relay.Forward;

/// <summary>
/// The receiving side of one forward connection (docs/relay.md, "Forward protocol"): wraps the stream (TLS), reads
/// and answers the hello, then reads CHUNK frames, opens each chunk, stores it unless the dedup window knows it, and
/// acknowledges it. Nothing a client sends can make <see cref="RunAsync"/> throw: every failure ends this connection
/// only, counted and (throttled) logged.
/// </summary>
public sealed partial class ForwardReceiver
{
    private readonly Stream _transport;
    private readonly string _remote;
    private readonly ForwardReceiverContext _context;

    /// <param name="transport">The accepted connection's stream; disposed when the connection ends.</param>
    /// <param name="remote">The client's address, for logs.</param>
    public ForwardReceiver(Stream transport, string remote, ForwardReceiverContext context)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(context);
        _transport = transport;
        _remote = remote;
        _context = context;
    }

    private ForwardReceiverCounters Counters => _context.Counters;

    private ForwardReceiverOptions Options => _context.Options;

    private string Peer => $"forward client {_remote}";

    /// <summary>Runs the connection until the client closes it, it fails, or <paramref name="stopping"/> (the
    /// listener stopping) is cancelled, which also cancels a store in progress.</summary>
    public Task RunAsync(CancellationToken stopping) => RunAsync(stopping, stopping);

    /// <summary>Runs the connection until the client closes it, it fails, or <paramref name="stopping"/> (the
    /// listener stopping) is cancelled; a store in progress then still finishes (and its id is recorded) unless
    /// <paramref name="abandonStores"/> is cancelled too. Returns once no store of this connection runs.</summary>
    public async Task RunAsync(CancellationToken stopping, CancellationToken abandonStores)
    {
        var stream = _transport;
        try
        {
            var accepted = await HandshakeAsync(stopping).ConfigureAwait(false);
            if (accepted is null)
            {
                return;
            }

            stream = accepted;
            Interlocked.Increment(ref Counters.Sessions);
            _context.Log(ForwardLogLevel.Debug, $"{Peer} connected");
            await RunSessionAsync(stream, stopping, abandonStores).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            OnConnectionError(ex);
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            if (!ReferenceEquals(stream, _transport))
            {
                await _transport.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The boundary where whatever ended the connection is counted and logged, and goes no further.</summary>
    private void OnConnectionError(Exception ex)
    {
        switch (ex)
        {
            case ForwardProtocolException:
                Interlocked.Increment(ref Counters.ProtocolErrors);
                _context.LogThrottled(_context.ConnectionLog, ForwardLogLevel.Warning, $"{ex.Message}; connection closed");
                break;
            case TimeoutException:
                Interlocked.Increment(ref Counters.Timeouts);
                _context.LogThrottled(_context.ConnectionLog, ForwardLogLevel.Information, $"{ex.Message}; connection closed");
                break;
            case ForwardPeerException:
                _context.LogThrottled(_context.ConnectionLog, ForwardLogLevel.Information, ex.Message);
                break;
            case IOException or SocketException or ObjectDisposedException or OperationCanceledException:
                _context.Log(ForwardLogLevel.Debug, $"{Peer}: connection ended: {ex.Message}");
                break;
            default:
                Interlocked.Increment(ref Counters.UnexpectedErrors);
                _context.Log(ForwardLogLevel.Error, $"{Peer}: connection failed: {ex}");
                break;
        }
    }
}
