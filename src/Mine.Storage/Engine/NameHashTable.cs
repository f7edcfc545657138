using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Mine.Storage.Engine;

/// <summary>
/// Maps a series name given as UTF-8 bytes to its id without building a string: the ingest hot path looks up
/// every point's name here. Open addressing with linear probing over an int table; names live in the catalog.
/// Single writer (the engine's write lock); not used by readers.
/// </summary>
internal sealed class NameHashTable
{
    private int[] _slots = new int[1 << 12]; // id + 1, 0 = empty
    private ulong[] _hashes = new ulong[1 << 12];
    private byte[][] _keys = new byte[1 << 12][]; // by id
    private int _count;

    public int Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Hash(ReadOnlySpan<byte> key)
    {
        // A small multiply-xorshift hash over 8-byte words: names are short ASCII paths and the table is
        // process-local, so speed matters more than resistance to crafted collisions (probing bounds the damage).
        const ulong Prime = 0x9E3779B97F4A7C15UL;
        ulong h = (ulong)key.Length * Prime;
        var i = 0;
        for (; i + 8 <= key.Length; i += 8)
        {
            var w = BinaryPrimitives.ReadUInt64LittleEndian(key[i..]);
            h = BitOperations.RotateLeft((h ^ w) * Prime, 31);
        }

        ulong tail = 0;
        for (var shift = 0; i < key.Length; i++, shift += 8)
        {
            tail |= (ulong)key[i] << shift;
        }

        h = (h ^ tail) * Prime;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        return h ^ (h >> 32);
    }

    /// <summary>Whether series <paramref name="id"/> has exactly this name (the write path's cheap guess check).</summary>
    public bool KeyEquals(int id, ReadOnlySpan<byte> key) => key.SequenceEqual(_keys[id]);

    public bool TryGet(ReadOnlySpan<byte> key, ulong hash, out int id)
    {
        var mask = _slots.Length - 1;
        var index = (int)hash & mask;
        while (true)
        {
            var slot = _slots[index];
            if (slot == 0)
            {
                id = -1;
                return false;
            }

            if (_hashes[index] == hash && key.SequenceEqual(_keys[slot - 1]))
            {
                id = slot - 1;
                return true;
            }

            index = (index + 1) & mask;
        }
    }

    public void Add(ulong hash, int id, byte[] key)
    {
        if (id >= _keys.Length)
        {
            Array.Resize(ref _keys, Math.Max(id + 1, _keys.Length * 2));
        }

        _keys[id] = key;
        if ((_count + 1) * 2 > _slots.Length)
        {
            Grow();
        }

        Insert(_slots, _hashes, hash, id);
        _count++;
    }

    private static void Insert(int[] slots, ulong[] hashes, ulong hash, int id)
    {
        var mask = slots.Length - 1;
        var index = (int)hash & mask;
        while (slots[index] != 0)
        {
            index = (index + 1) & mask;
        }

        slots[index] = id + 1;
        hashes[index] = hash;
    }

    private void Grow()
    {
        var slots = new int[_slots.Length * 2];
        var hashes = new ulong[_slots.Length * 2];
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i] != 0)
            {
                Insert(slots, hashes, _hashes[i], _slots[i] - 1);
            }
        }

        _slots = slots;
        _hashes = hashes;
    }
}
