using Mine.Core.Series;
using Mine.Ingestion;
using Mine.Relay.Buffer;
using Mine.Relay.Routing;

namespace Mine.Relaying;

/// <summary>
/// `mine relay`'s end of the listeners: each batch is routed point by point and appended to each chosen
/// destination's staged chunk in the disk buffer. A submit completes once the points are in a file (a kill -9 of
/// the relay cannot lose them); while the buffer is full under the block policy it waits, which stops the TCP
/// listeners reading and pushes back on senders, as storage does in `mine serve`.
/// </summary>
public sealed class RelayIntake : IPointIntake
{
    private readonly ChunkBuffer _buffer;
    private readonly IPointRouter _router;
    private readonly Func<bool[]> _up;
    private readonly PointBatchPool _pool = new();
    private readonly bool _everyPointEverywhere;

    /// <param name="up">Which destinations are reachable now (read for <c>any_of</c>).</param>
    public RelayIntake(ChunkBuffer buffer, IPointRouter router, Func<bool[]> up)
    {
        _buffer = buffer;
        _router = router;
        _up = up;
        _everyPointEverywhere = router.Destinations.Count == 1 || router.Name == RouterFactory.All;
    }

    public PointBatch RentBatch() => _pool.Rent();

    public void ReturnBatch(PointBatch batch) => _pool.Return(batch);

    public async ValueTask SubmitAsync(PointBatch batch, ListenerCounters counters, string? source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(counters);
        try
        {
            await AppendAsync(batch, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref counters.Accepted, batch.Count);
        }
        finally
        {
            ReturnBatch(batch);
        }
    }

    public async ValueTask<bool> SubmitOrDropAsync(PointBatch batch, ListenerCounters counters, string? source, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(counters);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(maxWait);
        try
        {
            await AppendAsync(batch, wait.Token).ConfigureAwait(false);
            Interlocked.Add(ref counters.Accepted, batch.Count);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The buffer stayed full (block policy, the destinations down). UDP cannot wait: counted as dropped. A
            // batch cut short may have reached some destinations; it is counted whole (an upper bound).
            Interlocked.Add(ref counters.QueueFullDropped, batch.Count);
            Interlocked.Add(ref counters.Dropped, batch.Count);
            return false;
        }
        finally
        {
            ReturnBatch(batch);
        }
    }

    public int WriteNow(PointBatch batch, ListenerCounters counters, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(counters);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            AppendAsync(batch, wait.Token).AsTask().GetAwaiter().GetResult();
            Interlocked.Add(ref counters.Accepted, batch.Count);
            return batch.Count;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            Interlocked.Add(ref counters.Dropped, batch.Count);
            return 0;
        }
    }

    /// <summary>Routes and appends a batch (the caller keeps it). Also how chunks forwarded to this relay enter it.</summary>
    public async ValueTask AppendAsync(PointBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        var destinations = _router.Destinations.Count;
        if (_everyPointEverywhere)
        {
            for (var d = 0; d < destinations; d++)
            {
                await _buffer.AppendAsync(d, batch, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var split = new PointBatch[destinations];
        try
        {
            Split(batch, split);
            for (var d = 0; d < destinations; d++)
            {
                if (split[d] is { Count: > 0 } part)
                {
                    await _buffer.AppendAsync(d, part, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            foreach (var part in split)
            {
                if (part is not null)
                {
                    ReturnBatch(part);
                }
            }
        }
    }

    private void Split(PointBatch batch, PointBatch[] split)
    {
        var up = _router.Name == RouterFactory.AnyOf ? _up() : [];
        Span<int> chosen = stackalloc int[_router.MaxChosen];
        for (var i = 0; i < batch.Count; i++)
        {
            var name = batch.Name(i);
            var count = _router.Route(name, up, chosen);
            for (var c = 0; c < count; c++)
            {
                (split[chosen[c]] ??= RentBatch()).Add(name, batch.Timestamp(i), batch.Value(i));
            }
        }
    }
}
