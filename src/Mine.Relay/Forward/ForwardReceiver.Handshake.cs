using Mine.Core.Diagnostics;

namespace Mine.Relay.Forward;

/// <summary>The stream wrapper (TLS) and the hellos, within the handshake timeout; a refusal is counted and logged
/// as what the client seems to speak.</summary>
public sealed partial class ForwardReceiver
{
    /// <summary>The stream to speak frames on, or null when the connection was refused (and is to be closed).</summary>
    private async Task<Stream?> HandshakeAsync(CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(Options.HandshakeTimeout);
        var stream = _transport;
        try
        {
            if (Options.WrapStream is { } wrap)
            {
                try
                {
                    stream = await wrap(_transport, _remote, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
                {
                    Refuse(ForwardRefusal.TransportFailed, $"{Peer}: the TLS handshake failed: {ex.Message}");
                    return null;
                }
            }

            var hello = await ForwardHello.ReadAsync(stream, Peer, timeout.Token).ConfigureAwait(false);
            var chosen = ForwardHello.Negotiate(hello.LowestVersion, hello.HighestVersion);
            var ours = new ForwardHello(ForwardHello.LowestSupported, ForwardHello.HighestSupported, chosen, (uint)Options.MaxFramePayload);
            await stream.WriteAsync(ours.ToArray(), timeout.Token).ConfigureAwait(false);
            await stream.FlushAsync(timeout.Token).ConfigureAwait(false);
            if (chosen == 0)
            {
                Refuse(ForwardRefusal.VersionMismatch,
                    $"{Peer} speaks forward protocol versions {hello.LowestVersion} to {hello.HighestVersion}, this Mine {ForwardHello.LowestSupported} to {ForwardHello.HighestSupported}: upgrade the older one");
                return null;
            }

            return stream;
        }
        catch (ForwardHandshakeException e)
        {
            Refuse(e.Reason, e.Message);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            Refuse(ForwardRefusal.HandshakeTimeout, $"{Peer} sent no whole forward hello within {Options.HandshakeTimeout.TotalSeconds:0.###} s");
        }

        if (!ReferenceEquals(stream, _transport))
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        return null;
    }

    private void Refuse(ForwardRefusal reason, string message)
    {
        Interlocked.Increment(ref Counters.Refused[(int)reason]);
        if (reason is ForwardRefusal.ClosedEarly or ForwardRefusal.TransportFailed)
        {
            // A port probe or a load balancer's health check: nothing anyone needs to fix. Or a refusal the TLS
            // wrapper has logged already, with the reason TLS knows.
            _context.Log(ForwardLogLevel.Debug, message);
            return;
        }

        _context.LogThrottled(_context.RefusedLog, ForwardLogLevel.Warning, $"{message}; connection refused");
    }
}
