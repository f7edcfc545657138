using System.Text;
using Mine.Fuzz.Support;
using Mine.Query;
using Mine.Query.Time;

namespace Mine.Fuzz.Targets.Query;

/// <summary>
/// The <c>from</c>, <c>until</c>, <c>now</c> and <c>tz</c> parameters of /render (<see cref="AtTimeParser"/>,
/// <see cref="RenderTimeRange"/>, <see cref="TimeZoneResolver"/>). The input is up to four lines: from, until, now,
/// tz (a missing line is an absent parameter). A bad value must be a <see cref="QueryArgumentException"/>; a range
/// that parses is never empty or reversed.
/// </summary>
public sealed class AtTimeTarget : FuzzTarget
{
    public override string Name => "attime";

    public override string Description => "lines from/until/now/tz -> AtTimeParser.Parse + RenderTimeRange.Parse";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var lines = Encoding.UTF8.GetString(input).Split('\n');
        string? Line(int i) => i < lines.Length ? lines[i] : null;
        var zone = TimeZoneResolver.Resolve(Line(3));
        var clock = FixedClock.Epoch;

        foreach (var value in lines.Take(3))
        {
            try
            {
                var instant = AtTimeParser.Parse(value, zone, clock);
                Invariant.Check(instant.Offset == TimeSpan.Zero, $"AtTimeParser returned a non-UTC instant {instant:o}");
            }
            catch (QueryArgumentException error)
            {
                Invariant.Check(error.Input == value, "the error does not carry the value it refused");
            }

            try
            {
                _ = AtTimeParser.ParseTimeOffset(value);
            }
            catch (QueryArgumentException)
            {
            }
        }

        try
        {
            var range = RenderTimeRange.Parse(Line(0), Line(1), Line(2), zone, clock);
            Invariant.Check(range.Start < range.End, $"range {range.Start:o} .. {range.End:o} is empty or reversed");
            _ = range.StartSeconds + range.EndSeconds + range.NowSeconds;
        }
        catch (QueryArgumentException error)
        {
            Invariant.Check(!string.IsNullOrEmpty(error.Message), "a time error without a message");
        }
    }
}
