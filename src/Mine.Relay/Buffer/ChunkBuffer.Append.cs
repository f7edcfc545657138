using Mine.Core.Series;

namespace Mine.Relay.Buffer;

/// <summary>The hot path: points in, records in a staged file.</summary>
public sealed partial class ChunkBuffer
{
    /// <summary>
    /// Appends every point of <paramref name="batch"/> to <paramref name="destination"/>'s staged chunk. Completes
    /// once they are in a file (they then survive a kill -9 of the relay) and counted as buffered; usually
    /// synchronously. Under the block policy it waits while the buffer is full. The batch must not change until it
    /// completes. Names are 1 to 65,535 bytes (longer ones throw <see cref="ArgumentOutOfRangeException"/>, after
    /// the points before them were appended).
    /// </summary>
    public ValueTask AppendAsync(int destination, PointBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return AppendAsync(destination, batch, 0, batch.Count, cancellationToken);
    }

    /// <summary>Appends points <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> − 1 of
    /// <paramref name="batch"/>; otherwise as <see cref="AppendAsync(int, PointBatch, CancellationToken)"/>.</summary>
    public async ValueTask AppendAsync(int destination, PointBatch batch, int start, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (start < 0 || count < 0 || start > batch.Count - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"points {start} to {start + count} are not in a batch of {batch.Count}");
        }

        var target = Destination(destination);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) != 0, this);
        var pieceLimit = Math.Min(PieceWriter.TargetBytes, _options.ChunkLimitBytes);
        var piece = PieceWriter.Rent();
        try
        {
            var at = start;
            var end = start + count;
            while (at < end)
            {
                piece.Reset();
                at = piece.Fill(batch, at, end, pieceLimit);
                if (!_room.TryReserve(piece.Length) && !await MakeRoomAsync(target, piece.Length, cancellationToken).ConfigureAwait(false))
                {
                    target.CountRefused(piece.Points);
                    _drops.Refused(target.Key, piece.Points);
                    continue;
                }

                bool full;
                try
                {
                    full = target.Append(piece.Written, piece.Points);
                }
                catch
                {
                    _room.Free(piece.Length);
                    throw;
                }

                if (full)
                {
                    _sealWanted.Fire();
                }
            }
        }
        finally
        {
            PieceWriter.Return(piece);
        }
    }
}
