using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Mine.Storage.Blocks;

/// <summary>
/// Appends bit fields least-significant-bit first into a byte span. Bits gather in a 64-bit register and are stored
/// eight bytes at a time, which is why the destination needs <see cref="Padding"/> spare bytes at its end.
/// </summary>
internal ref struct BitWriter
{
    /// <summary>Spare bytes the destination must have past the last byte that ends up used.</summary>
    public const int Padding = 8;

    private readonly Span<byte> _destination;
    private int _position;
    private ulong _pending;
    private int _pendingBits;

    public BitWriter(Span<byte> destination)
    {
        _destination = destination;
        _position = 0;
        _pending = 0;
        _pendingBits = 0;
    }

    /// <summary>Writes the low <paramref name="bitCount"/> bits (0..64) of <paramref name="value"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ulong value, int bitCount)
    {
        if (bitCount == 0)
        {
            return;
        }

        if (bitCount < 64)
        {
            value &= (1UL << bitCount) - 1;
        }

        _pending |= value << _pendingBits;
        var free = 64 - _pendingBits;
        if (bitCount < free)
        {
            _pendingBits += bitCount;
            return;
        }

        BinaryPrimitives.WriteUInt64LittleEndian(_destination[_position..], _pending);
        _position += 8;

        // C# masks shift counts to 6 bits, so a full 64-bit shift must be spelled out.
        _pending = free == 64 ? 0 : value >> free;
        _pendingBits = bitCount - free;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteBit(bool bit) => Write(bit ? 1UL : 0UL, 1);

    /// <summary>Flushes the last partial byte and returns the number of bytes written.</summary>
    public int Complete()
    {
        var tailBytes = (_pendingBits + 7) >> 3;
        for (var i = 0; i < tailBytes; i++)
        {
            _destination[_position++] = (byte)(_pending >> (8 * i));
        }

        _pending = 0;
        _pendingBits = 0;
        return _position;
    }
}
