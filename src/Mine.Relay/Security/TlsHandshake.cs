using System.Net.Security;
using System.Security.Authentication;

namespace Mine.Relay.Security;

/// <summary>
/// Turns an accepted or connected stream into an authenticated <see cref="SslStream"/>, or refuses it: a refusal
/// is counted and logged by <see cref="TlsRefusals"/>, the stream is closed, and <see cref="TlsRefusedException"/>
/// says why. Every handshake has a deadline, so a peer that sends nothing, or plaintext, never holds a connection.
/// </summary>
public sealed class TlsHandshake(TlsSettings settings, TlsRefusals refusals, TimeSpan? timeout = null)
{
    /// <summary>Long enough for two round trips between continents on a loaded link, short enough that idle
    /// connections from scanners do not pile up.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private const byte HandshakeRecord = 0x16;
    private const byte TlsMajorVersion = 0x03;

    private readonly TimeSpan _timeout = timeout ?? DefaultTimeout;

    public TlsRefusals Refusals => refusals;

    /// <summary>
    /// The listening end: the client must present a certificate from the CA. The first two bytes are read before
    /// SslStream sees them: anything but a TLS handshake record (a carbon line, an HTTP request) is refused at once
    /// as <see cref="TlsRefusalReason.NotTls"/>, without waiting for the timeout.
    /// </summary>
    /// <param name="peer">The remote address, for the log line.</param>
    /// <exception cref="TlsRefusedException">Refused; the stream is closed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired; the stream is closed.</exception>
    public async ValueTask<Stream> AuthenticateServerAsync(Stream stream, string peer, CancellationToken cancellation = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(_timeout);
        (TlsRefusalReason Reason, string Detail)? refusal = null;
        var helloSeen = false;
        try
        {
            var head = new byte[2];
            var read = await ReadHeadAsync(stream, head, deadline.Token).ConfigureAwait(false);
            if (read < head.Length || head[0] != HandshakeRecord || head[1] != TlsMajorVersion)
            {
                refusal = (TlsRefusalReason.NotTls, read == 0 ? "closed without sending anything" : $"sent {Convert.ToHexString(head, 0, read)} (hex), not a TLS hello: plaintext on the TLS port?");
            }
            else
            {
                helloSeen = true;
                var ssl = new SslStream(new ReplayStream(head, stream), leaveInnerStreamOpen: false);
                try
                {
                    await ssl.AuthenticateAsServerAsync(TlsOptions.Server(settings, (reason, detail) => refusal = (reason, detail)), deadline.Token).ConfigureAwait(false);
                    return ssl;
                }
                catch
                {
                    await ssl.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            refusal ??= helloSeen
                ? (TlsRefusalReason.HandshakeFailed, $"handshake not finished within {_timeout.TotalSeconds:0.###} s")
                : (TlsRefusalReason.NotTls, $"sent no TLS hello within {_timeout.TotalSeconds:0.###} s");
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            refusal ??= (TlsRefusalReason.HandshakeFailed, e.Message);
        }
        catch (OperationCanceledException)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        throw await RefuseAsync(stream, peer, refusal.Value).ConfigureAwait(false);
    }

    /// <summary>
    /// The connecting end: the server's certificate must come from the CA and name <paramref name="host"/>. With
    /// TLS 1.3 a server that refuses this node's certificate does so after the client's handshake is complete: the
    /// refusal then shows as an <see cref="IOException"/> on the first read.
    /// </summary>
    /// <param name="host">The DNS name or IP address connected to, checked against the certificate's names.</param>
    /// <param name="peer">For the log line; default <paramref name="host"/>.</param>
    /// <exception cref="TlsRefusedException">Refused; the stream is closed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired; the stream is closed.</exception>
    public async ValueTask<Stream> AuthenticateClientAsync(Stream stream, string host, string? peer = null, CancellationToken cancellation = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(_timeout);
        (TlsRefusalReason Reason, string Detail)? refusal = null;
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(TlsOptions.Client(settings, host, (reason, detail) => refusal = (reason, detail)), deadline.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            refusal ??= (TlsRefusalReason.HandshakeFailed, $"handshake not finished within {_timeout.TotalSeconds:0.###} s: is it a TLS port?");
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            refusal ??= (TlsRefusalReason.HandshakeFailed, $"{e.Message} (did the server refuse this node's certificate? its log says why)");
        }
        catch (OperationCanceledException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        throw await RefuseAsync(ssl, peer ?? host, refusal.Value).ConfigureAwait(false);
    }

    private async ValueTask<TlsRefusedException> RefuseAsync(Stream stream, string peer, (TlsRefusalReason Reason, string Detail) refusal)
    {
        await stream.DisposeAsync().ConfigureAwait(false);
        refusals.Record(refusal.Reason, peer, refusal.Detail);
        return new TlsRefusedException(refusal.Reason, $"TLS refused {peer}: {TlsRefusals.MetricName(refusal.Reason)} ({refusal.Detail})");
    }

    private static async ValueTask<int> ReadHeadAsync(Stream stream, byte[] head, CancellationToken cancellation)
    {
        var read = 0;
        while (read < head.Length)
        {
            var n = await stream.ReadAsync(head.AsMemory(read), cancellation).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read;
    }
}
