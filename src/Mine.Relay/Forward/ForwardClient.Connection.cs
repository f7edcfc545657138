using Mine.Relay.Chunks;

namespace Mine.Relay.Forward;

/// <summary>One connection: open it, exchange hellos, run a session until it fails.</summary>
public sealed partial class ForwardClient
{
    private ForwardClientSession? _session;

    private async Task ConnectAndSendAsync(CancellationToken stopping)
    {
        SetState(ForwardClientState.Connecting);
        Interlocked.Increment(ref Counters.ConnectAttempts);
        var stream = await OpenAsync(stopping).ConfigureAwait(false);
        try
        {
            var hello = await HandshakeAsync(stream, stopping).ConfigureAwait(false);
            Interlocked.Increment(ref Counters.Connections);
            SetState(ForwardClientState.Connected);
            Health.Succeeded();
            Log(ForwardLogLevel.Information, $"connected (forward protocol version {hello.ChosenVersion}; the destination takes frames of up to {hello.MaxFramePayload} bytes)");
            using var session = new ForwardClientSession(this, stream, (int)Math.Min(hello.MaxFramePayload, int.MaxValue), stopping);
            Volatile.Write(ref _session, session);
            try
            {
                await session.RunAsync().ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _session, null);
                session.ReleaseAll();
            }
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<Stream> OpenAsync(CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(Options.ConnectTimeout);
        try
        {
            return await _connect(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            throw new TimeoutException($"could not connect within {Options.ConnectTimeout.TotalSeconds:0.###} s");
        }
    }

    private async Task<ForwardHello> HandshakeAsync(Stream stream, CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(Options.HandshakeTimeout);
        ForwardHello hello;
        try
        {
            var ours = new ForwardHello(ForwardHello.LowestSupported, ForwardHello.HighestSupported, 0, MaxIncomingFramePayload);
            await stream.WriteAsync(ours.ToArray(), timeout.Token).ConfigureAwait(false);
            await stream.FlushAsync(timeout.Token).ConfigureAwait(false);
            hello = await ForwardHello.ReadAsync(stream, "the destination", timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            throw new TimeoutException($"the destination did not answer the forward hello within {Options.HandshakeTimeout.TotalSeconds:0.###} s: is it a forward listener (mine serve --forward-listen), and is TLS on or off at both ends?");
        }

        if (hello.ChosenVersion == 0)
        {
            throw new ForwardHandshakeException(ForwardRefusal.VersionMismatch,
                $"the destination speaks forward protocol versions {hello.LowestVersion} to {hello.HighestVersion}, this Mine {ForwardHello.LowestSupported} to {ForwardHello.HighestSupported}: upgrade the older one");
        }

        if (hello.ChosenVersion is < ForwardHello.LowestSupported or > ForwardHello.HighestSupported)
        {
            throw new ForwardProtocolException(ForwardErrorCode.ProtocolError, $"the destination chose forward protocol version {hello.ChosenVersion}, which this Mine did not offer");
        }

        return hello;
    }

    /// <summary>A chunk larger than the destination takes would be refused at every attempt and block the queue behind
    /// it: it is rejected (moved aside by the buffer) instead.</summary>
    internal void RejectOversized(QueuedChunk chunk, int limit)
    {
        var reason = $"the chunk ({chunk.Payload.Length} bytes) is larger than the destination accepts ({limit - ChunkId.Size} bytes of chunk): raise the receiver's frame limit, or seal smaller chunks";
        Source.Reject(chunk.Id, reason);
        Interlocked.Increment(ref Counters.ChunksRejected);
        Log(ForwardLogLevel.Error, $"chunk {chunk.Id} not sent and moved aside: {reason}");
    }
}
