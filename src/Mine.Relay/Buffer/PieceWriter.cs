using System.Buffers;
using Mine.Core.Series;
using Mine.Relay.Chunks;

namespace Mine.Relay.Buffer;

/// <summary>
/// Encodes points into one piece of <see cref="ChunkRecords"/>, outside any lock, so that appenders only serialize on
/// the write itself. A piece is written whole to one chunk with one write call. One writer per thread is cached and
/// handed from call to call (an append may finish on another thread than it started on; whoever finishes keeps it).
/// </summary>
internal sealed class PieceWriter : IBufferWriter<byte>
{
    /// <summary>Bytes a piece aims at: big enough that a write call carries ~1,000 points, small enough to cache per thread.</summary>
    public const int TargetBytes = 64 * 1024;

    [ThreadStatic]
    private static PieceWriter? t_cached;

    // Room for a full piece plus the longest record, which always fits whole.
    private readonly byte[] _buffer = new byte[TargetBytes + ChunkRecords.RecordSize(ChunkRecords.MaxNameBytes)];

    public int Length { get; private set; }

    public int Points { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public static PieceWriter Rent()
    {
        var writer = t_cached ?? new PieceWriter();
        t_cached = null;
        return writer;
    }

    public static void Return(PieceWriter writer)
    {
        writer.Reset();
        t_cached = writer;
    }

    /// <summary>
    /// Encodes points from <paramref name="from"/> until <paramref name="end"/> or until the next record would take
    /// the piece past <paramref name="limit"/> bytes (the first record always goes in); returns the next point's index.
    /// </summary>
    public int Fill(PointBatch batch, int from, int end, int limit)
    {
        var i = from;
        for (; i < end; i++)
        {
            var name = batch.Name(i);
            if (Length > 0 && Length + ChunkRecords.RecordSize(name.Length) > limit)
            {
                break;
            }

            ChunkRecords.Write(this, name, batch.Timestamp(i), batch.Value(i));
            Points++;
        }

        return i;
    }

    public void Reset()
    {
        Length = 0;
        Points = 0;
    }

    public void Advance(int count) => Length += count;

    public Memory<byte> GetMemory(int sizeHint = 0) => _buffer.AsMemory(Length);

    public Span<byte> GetSpan(int sizeHint = 0) => _buffer.AsSpan(Length);
}
