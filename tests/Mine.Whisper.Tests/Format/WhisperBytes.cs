using System.Buffers.Binary;

namespace Mine.Whisper.Tests.Format;

/// <summary>Builds whisper headers byte by byte, to write the lies a damaged file can tell.</summary>
internal static class WhisperBytes
{
    /// <summary>A header as whisper.create writes it for <paramref name="archives"/> (step, points), followed by the
    /// archives' slots (all zero), unless the caller overrides a field.</summary>
    public static byte[] File((int Step, int Points)[] archives, uint aggregation = 1, float xff = 0.5f, uint? maxRetention = null, uint? count = null, Func<int, uint>? offsetOf = null)
    {
        var header = 16 + (12 * archives.Length);
        var total = header + archives.Sum(a => (long)a.Points * 12);
        var bytes = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, aggregation);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), maxRetention ?? (uint)archives.Max(a => a.Step * a.Points));
        BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(8), xff);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(12), count ?? (uint)archives.Length);
        long offset = header;
        for (var i = 0; i < archives.Length; i++)
        {
            var info = bytes.AsSpan(16 + (12 * i));
            BinaryPrimitives.WriteUInt32BigEndian(info, offsetOf?.Invoke(i) ?? (uint)offset);
            BinaryPrimitives.WriteUInt32BigEndian(info[4..], (uint)archives[i].Step);
            BinaryPrimitives.WriteUInt32BigEndian(info[8..], (uint)archives[i].Points);
            offset += archives[i].Points * 12L;
        }

        return bytes;
    }
}
