using System.Globalization;
using Mine.Query.Series;

namespace Mine.Query.Functions.Transform;

/// <summary>timeStack(seriesList, timeShiftUnit='1d', timeShiftStart=0, timeShiftEnd=7): several timeShifts at once.</summary>
public sealed class TimeStack : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "timeStack",
            FunctionGroups.Transform,
            "The series shifted back by each multiple of the unit from timeShiftStart up to (not including) timeShiftEnd, all laid over the current range. Example: timeStack(Sales.widgets.largeBlue,\"1d\",0,7)",
            [
                ParamSpec.SeriesListParam(),
                new("timeShiftUnit", ParamType.Interval) { Default = "1d", Suggestions = TimeShift.ShiftSuggestions },
                new("timeShiftStart", ParamType.Integer) { Default = 0L },
                new("timeShiftEnd", ParamType.Integer) { Default = 7L },
            ],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var unit = TimeShift.DefaultToPast(call, call.String("timeShiftUnit"));
        var delta = TimeShift.OffsetSeconds(unit);
        var seriesList = call.SeriesList();
        if (seriesList.Count < 1)
        {
            return [];
        }

        var first = seriesList[0];
        var context = call.Context;
        var end = call.Integer("timeShiftEnd");
        var results = new List<TimeSeries>();
        for (var shift = call.Integer("timeShiftStart"); shift < end; shift++)
        {
            var innerDelta = MultiplyDelta(delta, shift);
            var shifted = context.WithTimeRange(ServerClock.Shift(context.StartSeconds, innerDelta), ServerClock.Shift(context.EndSeconds, innerDelta));
            var shiftText = shift.ToString(CultureInfo.InvariantCulture);
            foreach (var series in call.Reevaluate("seriesList", shifted))
            {
                series.Tags["timeShiftUnit"] = unit;
                series.Tags["timeShift"] = shiftText;
                series.Name = $"timeShift({series.Name}, {unit}, {shiftText})";
                series.PathExpression = series.Name;
                series.Start = first.Start;
                series.End = first.End;
                results.Add(series);
            }
        }

        return results;
    }

    /// <summary>timedelta * int, which Python refuses beyond its range (far beyond any valid date).</summary>
    private static long MultiplyDelta(long deltaSeconds, long count)
    {
        try
        {
            return checked(deltaSeconds * count);
        }
        catch (OverflowException)
        {
            throw new QueryArgumentException("date value out of range");
        }
    }
}
