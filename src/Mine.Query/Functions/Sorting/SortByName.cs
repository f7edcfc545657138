using System.Text;
using System.Text.RegularExpressions;
using Mine.Query.Functions.Common;
using Mine.Query.Series;
using Mine.Core.Text;

namespace Mine.Query.Functions.Sorting;

/// <summary>sortByName(seriesList, natural, reverse): orders the series by name.</summary>
public sealed partial class SortByName : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "sortByName",
            FunctionGroups.Sorting,
            "Orders the series by name, by code point or, with natural=true, reading runs of digits as numbers (server2 before server11). Example: sortByName(server*.instance*.memory.free,true)",
            [
                ParamSpec.SeriesListParam(),
                new("natural", ParamType.Boolean) { Default = false },
                new("reverse", ParamType.Boolean) { Default = false },
            ],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        Func<TimeSeries, string> key = call.Boolean("natural") ? s => NaturalKey(s.Name) : s => s.Name;
        return PythonSort.SortedBy(call.SeriesList(), key, PythonSort.Strings, call.Boolean("reverse"));
    }

    /// <summary>
    /// graphite-web's natSortKey: every run of digits (Unicode decimal digits, as Python's \d) is replaced by
    /// "{0:010}".format(int(run)): its value in ASCII digits, zero-padded to at least 10. So "007" and "7" get the
    /// same key (and keep their order), and numbers beyond 10 digits compare by text.
    /// </summary>
    internal static string NaturalKey(string name) => DigitRun().Replace(name, static match =>
    {
        var digits = new StringBuilder(match.Length);
        foreach (var c in match.Value)
        {
            var digit = (int)char.GetNumericValue(c);
            if (digits.Length > 0 || digit != 0)
            {
                digits.Append((char)('0' + digit));
            }
        }

        return digits.ToString().PadLeft(10, '0');
    });

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant, RegexLimits.MatchMilliseconds)]
    private static partial Regex DigitRun();
}
