using Mine.Whisper.Reading;

namespace Mine.Whisper.Tests.Reading;

/// <summary>Mine's reader against the real whisper module: the same header, and from every archive exactly the points
/// whisper.fetch returns (docs/whisper-import.md).</summary>
public sealed class WhisperFileTests(RealWhisperFiles real) : IClassFixture<RealWhisperFiles>
{
    [WhisperFact]
    public void Every_archive_reads_as_whisper_fetch_returns_it()
    {
        Assert.NotEmpty(real.Files);
        var points = new ArchivePoints();
        foreach (var expected in real.Files)
        {
            using var file = WhisperFile.Open(real.PathOf(expected.Name));
            Assert.Equal(expected.AggregationMethod, file.Header.AggregationName);
            Assert.Equal(expected.XFilesFactor, file.Header.XFilesFactor);
            Assert.Equal(expected.MaxRetention, file.Header.MaxRetention);
            Assert.Equal(expected.Archives, file.Header.Archives.Select(a => (a.SecondsPerPoint, a.Points)));
            for (var i = 0; i < expected.Points.Count; i++)
            {
                file.ReadArchive(i, real.Now, points);
                var read = Enumerable.Range(0, points.Count).Select(p => (points.Times[p], points.Values[p])).OrderBy(p => p.Item1).ToList();
                Assert.True(expected.Points[i].Count == read.Count, $"{expected.Name} archive {i}: whisper {expected.Points[i].Count} points, Mine {read.Count}");
                for (var p = 0; p < read.Count; p++)
                {
                    Assert.Equal(expected.Points[i][p].Time, read[p].Item1);
                    Assert.True(BitConverter.DoubleToInt64Bits(expected.Points[i][p].Value) == BitConverter.DoubleToInt64Bits(read[p].Item2),
                        $"{expected.Name} archive {i} at {read[p].Item1}: whisper {expected.Points[i][p].Value:R}, Mine {read[p].Item2:R}");
                }
            }
        }
    }

    [WhisperFact]
    public void A_wrapped_ring_gives_only_the_current_round_and_counts_the_stale_slots()
    {
        using var file = WhisperFile.Open(real.PathOf("wrapped"));
        var points = new ArchivePoints();
        file.ReadArchive(0, real.Now, points);
        Assert.Equal(30, points.Count);
        Assert.Equal(0, points.StaleSlots + points.MisplacedSlots + points.EmptySlots);

        // Read an hour later: the ring has not moved, so every slot is out of reach.
        file.ReadArchive(0, real.Now + 3600, points);
        Assert.Equal(0, points.Count);
        Assert.Equal(30, points.StaleSlots);
    }

    [WhisperFact]
    public void A_sparse_year_reads_its_three_points_and_counts_the_rest_as_empty()
    {
        using var file = WhisperFile.Open(real.PathOf("sparse-year"));
        var points = new ArchivePoints();
        file.ReadArchive(0, real.Now, points);
        Assert.Equal(3, points.Count);
        Assert.Equal(525_600 - 3, points.EmptySlots);
    }

    [WhisperFact]
    public void An_archive_never_written_has_no_points()
    {
        using var file = WhisperFile.Open(real.PathOf("never-written"));
        var points = new ArchivePoints();
        file.ReadArchive(1, real.Now, points);
        Assert.Equal(0, points.Count);
        Assert.Equal(576, points.EmptySlots);
    }

    [Fact]
    public void A_time_that_is_not_a_multiple_of_the_step_is_never_a_point_even_in_slot_0()
    {
        // Found by the whisper fuzz target. whisper.fetch of this file at 1,700,000,200 returns [(1700000100, 2.0)]:
        // slot 0's time is 30 s off the minute, and fetch only ever compares slots with multiples of the step.
        var bytes = new List<byte>();
        void UInt32(uint value) => bytes.AddRange([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
        void Double(double value) => bytes.AddRange(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(BitConverter.DoubleToInt64Bits(value))));
        UInt32(1); UInt32(600); UInt32(BitConverter.SingleToUInt32Bits(0.5f)); UInt32(1);
        UInt32(28); UInt32(60); UInt32(10);
        UInt32(1_700_000_010); Double(1);
        UInt32(1_700_000_100); Double(2);
        bytes.AddRange(new byte[8 * 12]);
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [.. bytes]);
            using var file = WhisperFile.Open(path);
            var points = new ArchivePoints();
            file.ReadArchive(0, 1_700_000_200, points);
            Assert.Equal([1_700_000_100L], points.Times.ToArray());
            Assert.Equal([2.0], points.Values.ToArray());
            Assert.Equal(1, points.MisplacedSlots);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
