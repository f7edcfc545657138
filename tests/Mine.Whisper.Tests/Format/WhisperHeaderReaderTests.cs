using FsCheck;
using FsCheck.Xunit;
using Mine.Whisper.Format;

namespace Mine.Whisper.Tests.Format;

public sealed class WhisperHeaderReaderTests
{
    private static readonly (int, int)[] ThreeArchives = [(10, 60), (60, 60), (600, 48)];

    [Fact]
    public void A_header_as_whisper_writes_it_is_read_field_by_field()
    {
        var bytes = WhisperBytes.File(ThreeArchives, aggregation: 6, xff: 0.25f);
        var header = WhisperHeaderReader.Parse(bytes, bytes.Length);
        Assert.Equal("avg_zero", header.AggregationName);
        Assert.Equal(0.25f, header.XFilesFactor);
        Assert.Equal(28_800, header.MaxRetention);
        Assert.Equal([52L, 52 + 720, 52 + 1440], header.Archives.Select(a => a.Offset));
        Assert.Equal(52, header.Size);
        Assert.Equal(60, header.ArchiveFor(1_000_000 - 3600, 1_000_000).SecondsPerPoint);
        Assert.Equal(600, header.ArchiveFor(0, 1_000_000).SecondsPerPoint); // beyond every archive: the coarsest
    }

    public static TheoryData<string, byte[], string> Damaged => new()
    {
        { "empty", [], "empty file" },
        { "metadata cut short", WhisperBytes.File(ThreeArchives)[..10], "truncated" },
        { "archive infos cut short", WhisperBytes.File(ThreeArchives)[..40], "truncated" },
        { "last archive cut short", WhisperBytes.File(ThreeArchives)[..^1], "truncated: archive 2" },
        { "unknown aggregation", WhisperBytes.File(ThreeArchives, aggregation: 9), "aggregation type 9" },
        { "xff above 1", WhisperBytes.File(ThreeArchives, xff: 1.5f), "xFilesFactor" },
        { "xff NaN", WhisperBytes.File(ThreeArchives, xff: float.NaN), "xFilesFactor" },
        { "no archives", WhisperBytes.File(ThreeArchives, count: 0), "0 archives" },
        { "a million archives", WhisperBytes.File(ThreeArchives, count: 1_000_000), "1000000 archives" },
        { "overlapping archives", WhisperBytes.File(ThreeArchives, offsetOf: i => 52u + (uint)(i * 100)), "archive 1 starts at byte 152" },
        { "lies about its retention", WhisperBytes.File(ThreeArchives, maxRetention: 86_400), "86400 s of retention" },
        { "steps not multiples", WhisperBytes.File([(10, 60), (25, 60)]), "not a larger multiple" },
        { "coarse covers less", WhisperBytes.File([(10, 600), (60, 60)]), "not more than" },
        { "zero points", WhisperBytes.File([(10, 0)]), "0 points" },
        { "zero step", WhisperBytes.File([(0, 10)]), "0 seconds per point" },
    };

    [Theory]
    [MemberData(nameof(Damaged))]
    public void A_damaged_header_is_refused_with_the_reason(string what, byte[] bytes, string reason)
    {
        var error = Assert.Throws<WhisperFormatException>(() => WhisperHeaderReader.Parse(bytes, bytes.Length));
        Assert.True(error.Message.Contains(reason, StringComparison.Ordinal), $"{what}: \"{error.Message}\" does not say \"{reason}\"");
    }

    [Property(MaxTest = 2000)]
    public void A_header_with_any_byte_changed_fits_the_file_or_is_a_format_error(byte position, byte value, NonNegativeInt cut)
    {
        var bytes = WhisperBytes.File(ThreeArchives);
        bytes[position % 52] = value;
        var length = bytes.Length - Math.Min(cut.Get, bytes.Length);
        try
        {
            var header = WhisperHeaderReader.Parse(bytes.AsSpan(0, (int)length), length);
            Assert.True(header.Archives[^1].Offset + header.Archives[^1].Size <= length);
        }
        catch (WhisperFormatException)
        {
        }
    }
}
