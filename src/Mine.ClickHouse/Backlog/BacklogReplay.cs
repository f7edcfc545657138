using System.Buffers.Binary;
using Mine.ClickHouse.Reading;
using Mine.ClickHouse.Rows;
using Mine.Storage.Wal;

namespace Mine.ClickHouse.Backlog;

/// <summary>
/// What a start finds in the backlog an earlier run left: rows ClickHouse has not acknowledged. Their series and
/// points are shown at once (the names to find, the points to read), as the embedded engine's WAL replay shows them,
/// while the sender inserts them.
/// </summary>
public static class BacklogReplay
{
    /// <param name="onSeries">Called with the stored Path of each series the rows name (index leaves and tagged paths).</param>
    /// <param name="onPoint">Called with each point's stored Path, its segment and its row.</param>
    public static void Read(string directory, Action<string> onSeries, Action<string, long, PointRow> onPoint, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(onSeries);
        ArgumentNullException.ThrowIfNull(onPoint);
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var segment in WalReader.Segments(directory))
        {
            WalReader.ReadSegment(directory, segment, (type, payload) =>
            {
                if (payload.Length < 4)
                {
                    return;
                }

                var rows = payload[4..];
                switch ((RowKind)type)
                {
                    case RowKind.Points:
                        ReadPoints(rows, segment, onPoint);
                        break;
                    case RowKind.Index:
                        ReadIndexLeaves(rows, onSeries);
                        break;
                    case RowKind.Tagged:
                        ReadTaggedPaths(rows, onSeries);
                        break;
                }
            }, log);
        }
    }

    private static void ReadPoints(ReadOnlySpan<byte> rows, long segment, Action<string, long, PointRow> onPoint)
    {
        while (!rows.IsEmpty)
        {
            var path = RowBinaryReader.ReadString(ref rows);
            var value = BinaryPrimitives.ReadDoubleLittleEndian(rows);
            var time = BinaryPrimitives.ReadUInt32LittleEndian(rows[8..]);
            var timestamp = BinaryPrimitives.ReadUInt32LittleEndian(rows[14..]);
            rows = rows[18..];
            onPoint(path, segment, new PointRow(time, value, timestamp));
        }
    }

    private static void ReadIndexLeaves(ReadOnlySpan<byte> rows, Action<string> onSeries)
    {
        while (!rows.IsEmpty)
        {
            var level = BinaryPrimitives.ReadUInt32LittleEndian(rows[2..]);
            rows = rows[6..];
            var path = RowBinaryReader.ReadString(ref rows);
            rows = rows[4..];
            if (level is > SeriesRows.TreeLevelOffset and < SeriesRows.ReverseTreeLevelOffset && !path.EndsWith('.'))
            {
                onSeries(path);
            }
        }
    }

    private static void ReadTaggedPaths(ReadOnlySpan<byte> rows, Action<string> onSeries)
    {
        while (!rows.IsEmpty)
        {
            rows = rows[2..];
            _ = RowBinaryReader.ReadString(ref rows);
            var path = RowBinaryReader.ReadString(ref rows);
            var tags = RowBinaryReader.ReadVarUInt(ref rows);
            for (ulong i = 0; i < tags; i++)
            {
                _ = RowBinaryReader.ReadString(ref rows);
            }

            rows = rows[4..];
            onSeries(path);
        }
    }
}
