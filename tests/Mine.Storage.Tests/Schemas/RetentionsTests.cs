using Mine.Storage.Schemas;

namespace Mine.Storage.Tests.Schemas;

/// <summary>Expectations printed by whisper.parseRetentionDef / validateArchiveList under /usr/bin/python3.</summary>
public class RetentionsTests
{
    [Theory]
    [InlineData("60:1440", 60, 1440)]
    [InlineData("1m:1d", 60, 1440)]
    [InlineData("10s:6h", 10, 2160)]
    [InlineData("1min:30d", 60, 43200)]        // whisper accepts unit prefixes; carbon.util only single letters
    [InlineData("5m:1y", 300, 105120)]         // a year is 365 days
    [InlineData("1h:90m", 3600, 1)]            // 5400 // 3600
    [InlineData("1d:5y", 86400, 1825)]
    [InlineData(" 60s:7d ", 60, 10080)]
    [InlineData("1sec:1minute", 1, 60)]
    [InlineData("2w:1y", 1209600, 26)]
    [InlineData("1y:10y", 31536000, 10)]
    [InlineData("1minutes:1weeks", 60, 10080)]
    public void Parses_both_forms_with_whispers_units(string definition, int step, int points)
    {
        var archive = Retentions.ParseArchive(definition);

        Assert.Equal(new ArchiveSpec(step, points), archive);
        Assert.Equal((long)step * points, archive.RetentionSeconds);
    }

    [Theory]
    [InlineData("60:1440:5", "Invalid retention specification '1440:5'")]
    [InlineData("60", "Invalid retention definition '60'")]
    [InlineData("1M:1d", "Invalid precision specification '1M'")]
    [InlineData("m:1d", "Invalid precision specification 'm'")]
    [InlineData("1m:", "Invalid retention specification ''")]
    [InlineData("1mo:1d", "Invalid unit 'mo'")]
    [InlineData("1m:1mo", "Invalid unit 'mo'")]
    [InlineData("60 :1d", "Invalid precision specification '60 '")]
    [InlineData("1secs:1d", "Invalid unit 'secs'")]
    [InlineData("60:0", "must be 1 to")]               // whisper would accept a 0-point archive
    [InlineData("0:10", "the step must be 1 to")]      // whisper would divide by zero for unit retentions
    [InlineData("1h:30m", "gives 0 points")]
    [InlineData("1s:100y", "must be 1 to")]            // 3,153,600,000 points do not fit an int
    [InlineData("99999999999999999999:1", "too large")]
    public void Rejects_what_whisper_rejects_with_its_message(string definition, string message)
    {
        var error = Assert.Throws<FormatException>(() => Retentions.ParseArchive(definition));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_sorts_archives_finest_first()
    {
        var sorted = Retentions.Validate([new ArchiveSpec(300, 105120), new ArchiveSpec(60, 20160)]);

        Assert.Equal([new ArchiveSpec(60, 20160), new ArchiveSpec(300, 105120)], sorted);
    }

    [Theory]
    [InlineData("", "You must specify at least one archive configuration!")]
    [InlineData("60:1440,60:2880", "two archives with the same precision (archive0: (60, 1440), archive1: (60, 2880))")]
    [InlineData("180s:7d,300s:30d", "must evenly divide all lower precision archives' precision (archive0: 180, archive1: 300)")]
    [InlineData("60:1440,300:288", "must cover larger time intervals than higher precision archives (archive0: 86400 seconds, archive1: 86400 seconds)")]
    [InlineData("60:4,300:1000", "(archive1 consolidates 5 of archive0's points but it has only 4 total points)")]
    public void Validation_reports_the_rule_broken(string retentions, string message)
    {
        var archives = retentions.Length == 0 ? [] : retentions.Split(',').Select(Retentions.ParseArchive).ToList();

        var error = Assert.Throws<ArgumentException>(() => Retentions.Validate(archives));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10s:1d,1m:30d,5m:1y")]
    [InlineData("60s:1d,5m:30d,1h:3y")]
    [InlineData("1m:14d,5m:1y")]
    [InlineData("60:90d")]
    public void Valid_lists_pass(string retentions) =>
        Assert.NotEmpty(Retentions.Validate(retentions.Split(',').Select(Retentions.ParseArchive)));
}
