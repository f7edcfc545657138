using Mine.ClickHouse.Reading;
using Mine.Storage.Schemas;

namespace Mine.ClickHouse.Tests.Reading;

/// <summary>Rows to slots, answering as the embedded engine does for the same writes.</summary>
public sealed class SlotFillerTests
{
    private const long Day = 86_400;
    private const long Now = 1_700_006_400; // a multiple of 300

    private static readonly SeriesLayout Layout = new([Retentions.ParseArchive("60s:1d"), Retentions.ParseArchive("5m:30d")], AggregationMethod.Average, 0);

    [Fact]
    public void A_row_exactly_as_old_as_the_finest_retention_when_accepted_was_written_to_the_coarse_archive()
    {
        // The embedded engine writes the first point to the 5-minute slot itself (it is not younger than a day) and
        // the second to the minute archive; a coarse read takes the stored slot, not an average of the two.
        PointRow[] rows = [new((uint)(Now - Day), 7, (uint)Now), new((uint)(Now - Day + 60), 8, (uint)Now)];
        var plan = Assert.IsType<ReadPlan>(Layout.Plan(Now - (2 * Day), Now, Now));
        var values = new double[plan.Length];

        SlotFiller.Fill(Layout, plan, rows, Now, values);

        Assert.Equal(300, plan.Step);
        Assert.Equal(7, values[(int)((Now - Day - plan.Start) / 300)]);
    }
}
