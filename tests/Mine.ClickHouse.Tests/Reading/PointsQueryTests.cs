using Mine.ClickHouse.Reading;
using Mine.ClickHouse.Rows;
using Mine.Core.Buffers;

namespace Mine.ClickHouse.Tests.Reading;

public sealed class PointsQueryTests
{
    [Fact]
    public void A_statement_quotes_paths_and_bounds_dates_and_times()
    {
        var sql = PointsQuery.Statement("g.graphite", ["a.b", "it's\\x"], 1_700_000_000, 1_700_086_400);
        Assert.Contains("PREWHERE Date >= '2023-11-14' AND Date <= '2023-11-15'", sql, StringComparison.Ordinal);
        Assert.Contains(@"Path IN ('a.b','it\'s\\x')", sql, StringComparison.Ordinal);
        Assert.EndsWith("AND Time >= 1700000000 AND Time < 1700086400 FORMAT RowBinary", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_of_several_paths_are_grouped_by_path()
    {
        using var answer = new PooledBufferWriter();
        foreach (var (path, time, value) in new[] { ("a", 60u, 1.0), ("a", 120u, 2.0), ("b", 60u, 3.0) })
        {
            RowBinaryWriter.WriteString(answer, System.Text.Encoding.UTF8.GetBytes(path));
            var row = answer.GetSpan(16);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(row, time);
            System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(row[4..], value);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(row[12..], 7);
            answer.Advance(16);
        }

        var rows = new Dictionary<string, List<PointRow>>();
        PointsQuery.Parse(answer.WrittenSpan.ToArray(), rows);
        Assert.Equal([new PointRow(60, 1, 7), new PointRow(120, 2, 7)], rows["a"]);
        Assert.Equal([new PointRow(60, 3, 7)], rows["b"]);
    }

    /// <summary>Garbage in place of RowBinary (a proxy's error page, a cut answer) fails with a clear exception, never
    /// anything else: the read answers 503 or 500 with a message, the server goes on.</summary>
    [Fact]
    public void Garbage_answers_fail_only_with_argument_or_index_errors_the_reader_turns_into_a_message()
    {
        var random = new Random(14);
        for (var i = 0; i < 5_000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            try
            {
                PointsQuery.Parse(bytes, []);
            }
            catch (Exception ex) when (ex is ArgumentOutOfRangeException or IndexOutOfRangeException or ArgumentException)
            {
                // what ReadAsync turns into a ClickHouseException
            }
        }
    }
}
