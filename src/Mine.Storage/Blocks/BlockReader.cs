using System.Runtime.CompilerServices;

namespace Mine.Storage.Blocks;

/// <summary>
/// Forward reader over an encoded block. Every read is bounds-checked and reports damage as a
/// <see cref="InvalidDataException"/>, so a corrupt file never surfaces as an IndexOutOfRangeException.
/// </summary>
internal ref struct BlockReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public BlockReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            CorruptBlock.Throw("unexpected end of data");
        }

        return _data[_position++];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarUInt64()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                CorruptBlock.Throw("truncated varint");
            }

            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        CorruptBlock.Throw("varint longer than 10 bytes");
        return 0;
    }

    public long ReadZigZag() => VarInt.UnZigZag(ReadVarUInt64());

    /// <summary>Reads a varint that must fit a non-negative int no larger than <paramref name="max"/>.</summary>
    public int ReadCount(long max, string what)
    {
        var value = ReadVarUInt64();
        if (value > (ulong)max)
        {
            CorruptBlock.Throw($"{what} {value} exceeds {max}");
        }

        return (int)value;
    }

    public ReadOnlySpan<byte> ReadBytes(int length)
    {
        if (length < 0 || length > Remaining)
        {
            CorruptBlock.Throw("unexpected end of data");
        }

        var slice = _data.Slice(_position, length);
        _position += length;
        return slice;
    }

    /// <summary>Everything not read yet, without moving.</summary>
    public readonly ReadOnlySpan<byte> Rest => _data[_position..];

    public void Skip(int length) => ReadBytes(length);

    /// <summary>Everything not read yet; the reader is left at the end.</summary>
    public ReadOnlySpan<byte> ReadToEnd()
    {
        var rest = _data[_position..];
        _position = _data.Length;
        return rest;
    }
}
