using Mine.Core.Ports;
using Mine.Whisper.Transfer;

namespace Mine.Whisper.Tests.Transfer;

/// <summary>The import batch format (docs/whisper-import.md): what the writer makes, the reader takes back, and what it refuses.</summary>
public sealed class ImportBatchFormatTests
{
    private static readonly ImportBatch Sample = new(ConflictPolicy.Overwrite,
    [
        new ImportSeries("servers.web1.cpu", new HistoryLayout([new(60, 1440), new(300, 2016)], 2, 0.25),
            [new HistoryPoints(new long[] { 1_700_000_040, 1_700_000_100 }, new[] { 1.5, -0.0 }), new HistoryPoints(new long[] { 1_699_000_200 }, new[] { double.MaxValue })]),
        new ImportSeries("cpu;host=h1", new HistoryLayout([new(10, 360)], 4, 1), [new HistoryPoints(Array.Empty<long>(), Array.Empty<double>())]),
    ]);

    [Fact]
    public void A_batch_reads_back_as_it_was_written()
    {
        var bytes = ImportBatchWriter.Write(Sample);
        var read = ImportBatchReader.Read(bytes);

        Assert.Equal(ConflictPolicy.Overwrite, read.OnConflict);
        Assert.Equal(["servers.web1.cpu", "cpu;host=h1"], read.Series.Select(s => s.Name));
        Assert.Equal(Sample.Series[0].Layout.Archives, read.Series[0].Layout.Archives);
        Assert.Equal((2, 0.25), (read.Series[0].Layout.AggregationMethod, read.Series[0].Layout.XFilesFactor));
        Assert.Equal(Sample.Series[0].Archives[0].Times.ToArray(), read.Series[0].Archives[0].Times.ToArray());
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(read.Series[0].Archives[0].Values.Span[1]));
        Assert.Equal(bytes, ImportBatchWriter.Write(read));
    }

    [Theory]
    [InlineData(0, "must start with \"MWIB\"")]
    [InlineData(11, "must start with \"MWIB\"")]
    [InlineData(30, "ends at byte 30")]
    public void A_cut_batch_is_refused_naming_where(int length, string message)
    {
        var bytes = ImportBatchWriter.Write(Sample);
        var error = Assert.Throws<ImportBatchFormatException>(() => ImportBatchReader.Read(bytes.AsSpan(0, length)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4, 2, "version 2")]
    [InlineData(5, 7, "Conflict policy 7")]
    [InlineData(6, 1, "Reserved bytes")]
    [InlineData(8, 0, "Series count 0")]
    public void A_bad_header_field_is_refused_naming_it(int offset, byte value, string message)
    {
        var bytes = ImportBatchWriter.Write(Sample);
        bytes[offset] = value;
        var error = Assert.Throws<ImportBatchFormatException>(() => ImportBatchReader.Read(bytes));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_layouts_point_counts_and_trailing_bytes_are_refused()
    {
        var badLayout = Sample with { Series = [Sample.Series[0] with { Layout = new HistoryLayout([new(60, 1440), new(90, 2016)], 1, 0.5) }] };
        Assert.Contains("not a coarser multiple", Assert.Throws<ImportBatchFormatException>(() => ImportBatchReader.Read(ImportBatchWriter.Write(badLayout))).Message, StringComparison.Ordinal);

        var tooMany = Sample with { Series = [new ImportSeries("a", new HistoryLayout([new(60, 1)], 1, 0), [new HistoryPoints(new long[] { 60, 120 }, new[] { 1.0, 2.0 })])] };
        Assert.Contains("do not fit its 1 slots", Assert.Throws<ImportBatchFormatException>(() => ImportBatchReader.Read(ImportBatchWriter.Write(tooMany))).Message, StringComparison.Ordinal);

        byte[] trailing = [.. ImportBatchWriter.Write(Sample), 0];
        Assert.Contains("1 bytes after the last series", Assert.Throws<ImportBatchFormatException>(() => ImportBatchReader.Read(trailing)).Message, StringComparison.Ordinal);

        var badName = ImportBatchWriter.Write(Sample with { Series = [Sample.Series[1]] });
        badName[14] = 0xff; // the name's first byte
        Assert.Contains("not valid UTF-8", Assert.Throws<ImportBatchFormatException>(() => ImportBatchReader.Read(badName)).Message, StringComparison.Ordinal);
    }
}
