using Mine.ClickHouse.Reading;
using Mine.Storage.Schemas;

namespace Mine.ClickHouse.Tests.Reading;

/// <summary>Where a point goes by its age, as the embedded engine decides it (StorageEngine's PointAdmission).</summary>
public sealed class SeriesLayoutTests
{
    private const long Day = 86_400;
    private const long Now = 1_700_006_400; // a multiple of 300

    private static readonly IReadOnlyList<ArchiveSpec> Archives = [Retentions.ParseArchive("60s:1d"), Retentions.ParseArchive("5m:30d")];

    [Theory]
    [InlineData(-600, 0)] // ahead of the clock
    [InlineData(0, 0)]
    [InlineData(Day - 1, 0)]
    [InlineData(Day, 1)] // an archive takes the points younger than its retention
    [InlineData((30 * Day) - 1, 1)]
    [InlineData(30 * Day, -1)] // too old for every archive
    public void A_point_goes_to_the_finest_archive_whose_retention_is_longer_than_its_age(long age, int archive)
        => Assert.Equal(archive, SeriesLayout.ArchiveForAge(Archives, age));

    [Theory]
    [InlineData(Now - 43, Now - 60)] // the finest archive's slot
    [InlineData(Now + 17, Now)] // ahead of the clock, still the finest archive
    [InlineData(Now - Day + 59, Now - Day)]
    [InlineData(Now - Day, Now - Day)] // exactly a day old: the 5-minute archive, whose slot it starts
    [InlineData(Now - Day - 1, Now - Day - 300)]
    [InlineData(Now - (3 * Day) + 299, Now - (3 * Day))]
    [InlineData(Now - (30 * Day), Now - (30 * Day))] // too old: refused by the writer, stored nowhere
    public void A_point_is_stored_at_the_start_of_its_slot_in_the_archive_its_age_chooses(long time, long stored)
        => Assert.Equal(stored, SeriesLayout.StoredTime(Archives, time, Now));
}
