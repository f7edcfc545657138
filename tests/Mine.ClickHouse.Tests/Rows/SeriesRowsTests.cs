using System.Buffers.Binary;
using System.Text;
using Mine.ClickHouse.Rows;
using Mine.Core.Buffers;

namespace Mine.ClickHouse.Tests.Rows;

public sealed class SeriesRowsTests
{
    [Fact]
    public void A_new_series_gets_carbon_clickhouses_index_rows()
    {
        using var output = new PooledBufferWriter();
        SeriesRows.WriteIndexRows(output, "a.b.c"u8, day: 20_000, version: 7);
        Assert.Equal(
            [(42, 20003u, "a.b.c"), (42, 20001u, "a."), (42, 20002u, "a.b."), (42, 30003u, "c.b.a"), (20_000, 3u, "a.b.c"), (20_000, 10003u, "c.b.a")],
            ReadIndexRows(output.WrittenSpan.ToArray()).Select(static r => ((int)r.Date, r.Level, r.Path)));
        Assert.All(ReadIndexRows(output.WrittenSpan.ToArray()), static r => Assert.Equal(7u, r.Version));
    }

    [Fact]
    public void A_point_row_is_path_value_time_date_and_timestamp()
    {
        using var output = new PooledBufferWriter();
        RowBinaryWriter.WritePoint(output, "x.y"u8, 1.5, 1_700_000_123, 1_700_000_200);
        var row = output.WrittenSpan;
        Assert.Equal(3, row[0]);
        Assert.Equal("x.y", Encoding.UTF8.GetString(row.Slice(1, 3)));
        Assert.Equal(1.5, BinaryPrimitives.ReadDoubleLittleEndian(row[4..]));
        Assert.Equal(1_700_000_123u, BinaryPrimitives.ReadUInt32LittleEndian(row[12..]));
        Assert.Equal(19_675, BinaryPrimitives.ReadUInt16LittleEndian(row[16..])); // 2023-11-14
        Assert.Equal(1_700_000_200u, BinaryPrimitives.ReadUInt32LittleEndian(row[18..]));
        Assert.Equal(22, row.Length);
    }

    [Fact]
    public void A_long_name_has_a_multi_byte_length()
    {
        using var output = new PooledBufferWriter();
        RowBinaryWriter.WriteString(output, new byte[300]);
        Assert.Equal([0xAC, 0x02], output.WrittenSpan[..2].ToArray());
        Assert.Equal(302, output.WrittenCount);
    }

    [Theory]
    [InlineData("cpu;host=a;dc=1", "cpu?dc=1&host=a", "__name__=cpu dc=1 host=a")]
    [InlineData("disk.used;server=web 01;server=x", "disk.used?server=web%2001", "__name__=disk.used server=web 01")]
    public void A_tagged_name_is_stored_as_carbon_clickhouse_stores_it(string name, string path, string tags)
    {
        var (stored, storedTags) = SeriesRows.TaggedPath(name);
        Assert.Equal(path, stored);
        Assert.Equal(tags, string.Join(' ', storedTags));
        Assert.Equal(name.Split(';')[0], SeriesRows.GraphiteName(stored).Split(';')[0]);
    }

    [Fact]
    public void A_stored_path_reads_back_as_its_graphite_name()
    {
        Assert.Equal("cpu;dc=1;host=a", SeriesRows.GraphiteName("cpu?dc=1&host=a"));
        Assert.Equal("servers.web-01.load", SeriesRows.GraphiteName("servers.web-01.load"));
    }

    private static List<(ushort Date, uint Level, string Path, uint Version)> ReadIndexRows(byte[] bytes)
    {
        var rows = new List<(ushort, uint, string, uint)>();
        var at = 0;
        while (at < bytes.Length)
        {
            var date = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at));
            var level = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 2));
            int length = bytes[at + 6]; // names here are shorter than 128 bytes: a one-byte length
            var path = Encoding.UTF8.GetString(bytes, at + 7, length);
            var version = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 7 + length));
            rows.Add((date, level, path, version));
            at += 11 + length;
        }

        return rows;
    }
}
