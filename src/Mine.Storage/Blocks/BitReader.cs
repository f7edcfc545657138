using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mine.Storage.Blocks;

/// <summary>Reads bit fields written by <see cref="BitWriter"/>; reading past the end is a format error.</summary>
internal ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly long _bitLength;
    private long _bitPosition;

    public BitReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _bitLength = (long)data.Length * 8;
        _bitPosition = 0;
    }

    /// <summary>Whole bytes touched so far (the last partial byte counts).</summary>
    public readonly int BytesConsumed => (int)((_bitPosition + 7) >> 3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Read(int bitCount)
    {
        if (bitCount > 56)
        {
            // One 8-byte load covers at most 57 bits after a sub-byte shift; split wide fields in two.
            var low = Read(32);
            return low | (Read(bitCount - 32) << 32);
        }

        if (_bitPosition + bitCount > _bitLength)
        {
            CorruptBlock.Throw("bit stream ends early");
        }

        if (bitCount == 0)
        {
            return 0;
        }

        var byteIndex = (int)(_bitPosition >> 3);
        var shift = (int)(_bitPosition & 7);
        var word = byteIndex + 8 <= _data.Length
            ? BinaryPrimitives.ReadUInt64LittleEndian(_data[byteIndex..])
            : LoadTail(byteIndex);
        _bitPosition += bitCount;
        return (word >> shift) & ((1UL << bitCount) - 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ReadBit() => Read(1) != 0;

    /// <summary>
    /// <paramref name="destination"/>.Length fields of <paramref name="width"/> bits each, un-zigzagged: one bounds
    /// check for the whole group instead of one per field (the inner loop of packed value blocks).
    /// </summary>
    public void ReadZigZagGroup(int width, scoped Span<long> destination)
    {
        if (width == 0)
        {
            destination.Clear();
            return;
        }

        if (width > 56 || _bitPosition + ((long)width * destination.Length) > _bitLength)
        {
            for (var j = 0; j < destination.Length; j++)
            {
                destination[j] = VarInt.UnZigZag(Read(width));
            }

            return;
        }

        var mask = (1UL << width) - 1;
        var position = _bitPosition;
        var lastFullLoad = _data.Length - 8; // the last byte index an 8-byte load can start at
        if (BitConverter.IsLittleEndian && destination.Length > 0 && (position + ((long)width * (destination.Length - 1))) >> 3 <= lastFullLoad)
        {
            // Every field's 8-byte load is inside the data (checked once above for the last field), so the loop
            // reads without a bounds check or a tail branch per field.
            ref var data = ref MemoryMarshal.GetReference(_data);
            ref var target = ref MemoryMarshal.GetReference(destination);
            for (var j = 0; j < destination.Length; j++)
            {
                var word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref data, (nint)(position >> 3)));
                Unsafe.Add(ref target, j) = VarInt.UnZigZag((word >> (int)(position & 7)) & mask);
                position += width;
            }

            _bitPosition = position;
            return;
        }

        for (var j = 0; j < destination.Length; j++)
        {
            var byteIndex = (int)(position >> 3);
            var word = byteIndex <= lastFullLoad
                ? BinaryPrimitives.ReadUInt64LittleEndian(_data.Slice(byteIndex, 8))
                : LoadTail(byteIndex);
            destination[j] = VarInt.UnZigZag((word >> (int)(position & 7)) & mask);
            position += width;
        }

        _bitPosition = position;
    }

    private readonly ulong LoadTail(int byteIndex)
    {
        ulong word = 0;
        for (var i = 0; byteIndex + i < _data.Length; i++)
        {
            word |= (ulong)_data[byteIndex + i] << (8 * i);
        }

        return word;
    }
}
