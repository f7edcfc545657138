using System.Buffers.Binary;
using Mine.Storage.Blocks;

namespace Mine.Storage.Engine;

/// <summary>
/// The points being written, as columns (series id, archive, slot time, value), and their WAL points record
/// (docs/storage-format.md, "WAL points record"). Scratch of the engine's write path: reused for every batch, every
/// replayed record and every merge's rollups, touched only under the engine's write lock.
/// </summary>
internal sealed class PointColumns
{
    /// <summary>The WAL record type of a points record.</summary>
    public const byte WalPointsRecord = 1;

    private int[] _series = new int[4096];
    private byte[] _archive = new byte[4096];
    private uint[] _slot = new uint[4096];
    private double[] _value = new double[4096];
    private byte[] _walBuffer = new byte[4096 * 16];

    /// <summary>Makes room for <paramref name="count"/> points; what the columns held is not kept.</summary>
    public void EnsureCapacity(int count)
    {
        if (_series.Length >= count)
        {
            return;
        }

        var size = Math.Max(count, _series.Length * 2);
        _series = new int[size];
        _archive = new byte[size];
        _slot = new uint[size];
        _value = new double[size];
    }

    public void Set(int index, int series, byte archive, uint slot, double value)
    {
        _series[index] = series;
        _archive[index] = archive;
        _slot[index] = slot;
        _value[index] = value;
    }

    /// <summary>Appends points [start, start + count) to a head with room for them.</summary>
    public void AppendTo(HeadLog head, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            head.Append(_series[i], _archive[i], _slot[i], _value[i]);
        }
    }

    /// <summary>
    /// The WAL payload of points [start, start + count): [u8 version=1][u32 count] then per point [varint series]
    /// [u8 archive][varint zigzag Δslot][f64 value]. Valid until the next call.
    /// </summary>
    public ReadOnlySpan<byte> EncodeWal(int start, int count)
    {
        var needed = 5 + count * 24;
        if (_walBuffer.Length < needed)
        {
            _walBuffer = new byte[needed * 2];
        }

        var span = _walBuffer.AsSpan();
        span[0] = 1;
        BinaryPrimitives.WriteInt32LittleEndian(span[1..], count);
        var at = 5;
        long previousSlot = 0;
        for (var i = start; i < start + count; i++)
        {
            at = VarInt.Write(span, at, (uint)_series[i]);
            span[at++] = _archive[i];
            long delta = _slot[i] - previousSlot;
            previousSlot = _slot[i];
            at = VarInt.Write(span, at, VarInt.ZigZag(delta));
            BinaryPrimitives.WriteDoubleLittleEndian(span[at..], _value[i]);
            at += 8;
        }

        return span[..at];
    }

    /// <summary>
    /// Loads a WAL points record into the columns from index 0 and returns how many points it kept: those whose
    /// series, archive and slot <paramref name="catalog"/> can place (see the comments for the others).
    /// </summary>
    /// <exception cref="InvalidDataException">An unknown version, or a count the payload cannot hold.</exception>
    public int DecodeWal(ReadOnlySpan<byte> payload, SeriesCatalog catalog)
    {
        if (payload.Length < 5 || payload[0] != 1)
        {
            throw new InvalidDataException($"WAL points record has unknown version {(payload.Length > 0 ? payload[0] : -1)}.");
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(payload[1..]);
        // Each point takes at least 10 bytes; a count the payload cannot hold is damage the CRC did not catch.
        if (count < 0 || count > (payload.Length - 5) / 10)
        {
            throw new InvalidDataException($"WAL points record claims {count} points in {payload.Length} bytes.");
        }

        EnsureCapacity(count);
        var at = 5;
        long slot = 0;
        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            var series = VarInt.Read(payload, ref at);
            var archive = payload[at++];
            slot += VarInt.UnZigZag(VarInt.Read(payload, ref at));
            var value = BinaryPrimitives.ReadDoubleLittleEndian(payload[at..]);
            at += 8;
            if (series >= (ulong)catalog.Count || archive >= catalog.Get((int)series).Archives.Length || (ulong)slot > uint.MaxValue)
            {
                continue; // Cannot happen unless the series log lost its tail; such points have no name to go to.
            }

            if (slot < 0 || slot > uint.MaxValue || slot % catalog.Get((int)series).Archives[archive].StepSeconds != 0)
            {
                continue; // Not a slot of this archive: the record or series.log was damaged behind a valid checksum.
            }

            Set(kept, (int)series, archive, (uint)slot, value);
            kept++;
        }

        return kept;
    }
}
