using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Mine.ClickHouse.Http;
using Mine.ClickHouse.Rows;

namespace Mine.ClickHouse.Reading;

/// <summary>
/// Reads the points of many series over one time range: <c>Path IN (…)</c> in chunks small enough for ClickHouse's
/// 256 KiB statement limit, answered in RowBinary (<c>Path, Time, Value, Timestamp</c>), the Date range in PREWHERE so
/// only the partitions and granules of those days are read.
/// </summary>
public static class PointsQuery
{
    /// <summary>Paths per statement: 1,000 paths of 100 bytes stay well under the statement limit.</summary>
    public const int PathsPerQuery = 1_000;

    /// <summary>The rows of <paramref name="paths"/> with <c>from &lt;= Time &lt; until</c>, by path.</summary>
    public static async Task<Dictionary<string, List<PointRow>>> ReadAsync(ClickHouseClient client, string table, IReadOnlyList<string> paths, long from, long until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(paths);
        var rows = new Dictionary<string, List<PointRow>>(paths.Count, StringComparer.Ordinal);
        var chunks = paths.Chunk(PathsPerQuery).ToList();
        var answers = new byte[chunks.Count][];
        await Parallel.ForEachAsync(Enumerable.Range(0, chunks.Count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, token) =>
            answers[i] = await client.QueryBytesAsync(Statement(table, chunks[i], from, until), token).ConfigureAwait(false)).ConfigureAwait(false);
        foreach (var answer in answers)
        {
            try
            {
                Parse(answer, rows);
            }
            catch (Exception ex) when (ex is ArgumentException or IndexOutOfRangeException)
            {
                // Not what the statement asks for (a proxy's page, another server): an error that says so, not a crash.
                throw new ClickHouseException(ClickHouseErrorKind.Server, $"ClickHouse's answer is not RowBinary rows of (Path, Time, Value, Timestamp) ({answer.Length} bytes)", ex);
            }
        }

        return rows;
    }

    internal static string Statement(string table, IReadOnlyList<string> paths, long from, long until)
    {
        var sql = new StringBuilder(128 + (paths.Count * 64));
        sql.Append(CultureInfo.InvariantCulture, $"SELECT Path, Time, Value, Timestamp FROM {table} PREWHERE Date >= '{Day(from)}' AND Date <= '{Day(until)}' WHERE Path IN (");
        for (var i = 0; i < paths.Count; i++)
        {
            if (i > 0)
            {
                sql.Append(',');
            }

            AppendQuoted(sql, paths[i]);
        }

        sql.Append(CultureInfo.InvariantCulture, $") AND Time >= {Math.Max(0, from)} AND Time < {Math.Min(until, uint.MaxValue)} FORMAT RowBinary");
        return sql.ToString();
    }

    /// <summary>A string literal: ClickHouse escapes with backslashes.</summary>
    internal static void AppendQuoted(StringBuilder sql, string value)
    {
        sql.Append('\'');
        foreach (var c in value)
        {
            if (c is '\'' or '\\')
            {
                sql.Append('\\');
            }

            sql.Append(c);
        }

        sql.Append('\'');
    }

    private static string Day(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(unixSeconds, 0, (long)ushort.MaxValue * 86_400)).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static void Parse(byte[] answer, Dictionary<string, List<PointRow>> rows)
    {
        ReadOnlySpan<byte> rest = answer;
        byte[]? lastPath = null;
        List<PointRow>? list = null;
        while (!rest.IsEmpty)
        {
            var pathBytes = RowBinaryReader.ReadBytes(ref rest);
            if (lastPath is null || !pathBytes.SequenceEqual(lastPath))
            {
                // Rows come grouped by path: one decode and one lookup per path, not per row.
                lastPath = pathBytes.ToArray();
                var path = Encoding.UTF8.GetString(pathBytes);
                if (!rows.TryGetValue(path, out list))
                {
                    list = [];
                    rows[path] = list;
                }
            }

            var time = BinaryPrimitives.ReadUInt32LittleEndian(rest);
            var value = BinaryPrimitives.ReadDoubleLittleEndian(rest[4..]);
            var timestamp = BinaryPrimitives.ReadUInt32LittleEndian(rest[12..]);
            rest = rest[16..];
            list!.Add(new PointRow(time, value, timestamp));
        }
    }

    /// <summary>The Path a Graphite name is stored under (a tagged name as carbon-clickhouse stores it).</summary>
    public static string StoredPath(string name) => name.Contains(';', StringComparison.Ordinal) ? SeriesRows.TaggedPath(name).Path : name;
}
