using Mine.Fuzz.Support;
using Mine.Storage.Engine;
using Mine.Storage.Index;
using Mine.Storage.Schemas;

namespace Mine.Fuzz.Targets.Storage;

/// <summary>
/// The series catalog (<c>series.log</c>, <see cref="SeriesCatalog"/>): the input is the file's content, loaded as
/// it is and with its checksums made valid. Loading never throws; a damaged tail is cut off with a log line; every
/// series kept has archives a storage-schemas.conf could give, a known aggregation method and an xFilesFactor in
/// [0, 1], because the rest of the engine divides by steps without checking again. A name the index cannot hold (an
/// older Mine let <c>a..b</c> through) is kept, its id taken, and recovery leaves it out of the index: the target
/// checks that <see cref="MetricNameIndex.CanHold"/> says exactly which names the index takes. Loading is
/// idempotent: a second load repairs nothing and keeps the same series.
/// </summary>
public sealed class SeriesLogTarget : FuzzTarget
{
    public override string Name => "serieslog";

    public override string Description => "series.log file -> SeriesCatalog.Open (as is, and with valid checksums)";

    public override void Run(ReadOnlySpan<byte> input)
    {
        Load(input);
        var fixedUp = Checksums.FixSeriesLog(input);
        if (!fixedUp.AsSpan().SequenceEqual(input))
        {
            Load(fixedUp);
        }
    }

    private static void Load(ReadOnlySpan<byte> content)
    {
        var path = Path.Combine(ScratchFolder.Fresh("serieslog"), "series.log");
        File.WriteAllBytes(path, content.ToArray());
        var firstLog = new List<string>();
        List<string> names;
        using (var catalog = SeriesCatalog.Open(path, firstLog.Add))
        {
            names = Check(catalog);
        }

        var length = new FileInfo(path).Length;
        Invariant.Check(firstLog.Count == (length == content.Length ? 0 : 1),
            $"{content.Length - length} bytes were cut off with {firstLog.Count} log lines");

        var secondLog = new List<string>();
        using (var catalog = SeriesCatalog.Open(path, secondLog.Add))
        {
            Invariant.Check(secondLog.Count == 0, $"a second load repaired again: {string.Join(" | ", secondLog)}");
            Invariant.Check(Check(catalog).SequenceEqual(names), "a second load kept different series");
        }
    }

    private static List<string> Check(SeriesCatalog catalog)
    {
        var names = new List<string>();
        var index = new MetricNameIndex();
        foreach (var info in catalog.All())
        {
            // What the engine's recovery does: index what the index can hold, leave the rest out.
            var canHold = MetricNameIndex.CanHold(info.Name);
            try
            {
                index.TryAdd(info.Name, info.Id);
                Invariant.Check(canHold, $"series {info.Id}: CanHold refused '{info.Name}', which the index took");
            }
            catch (ArgumentException error)
            {
                Invariant.Check(!canHold, $"series {info.Id}: CanHold accepted a name the index refuses: {error.Message}");
            }

            Invariant.Check(info.Archives.Length is > 0 and <= SeriesInfo.MaxArchives, $"series {info.Id} has {info.Archives.Length} archives");
            try
            {
                var valid = Retentions.Validate(info.Archives);
                Invariant.Check(valid.SequenceEqual(info.Archives) && info.Archives.All(static a => a.StepSeconds > 0 && a.Points > 0),
                    $"series {info.Id} has archives {string.Join(",", info.Archives)} out of order or empty");
            }
            catch (ArgumentException error)
            {
                throw new InvariantViolationException($"series {info.Id} has archives no schema can give: {error.Message}");
            }

            Invariant.Check(Enum.IsDefined(info.Method), $"series {info.Id} has aggregation method {(int)info.Method}");
            Invariant.Check(info.XFilesFactor is >= 0 and <= 1, $"series {info.Id} has xFilesFactor {info.XFilesFactor}");
            Invariant.Check(catalog.Get(info.Id) == info, "Get(id) returns another series");
            names.Add(info.Name);
        }

        return names;
    }
}
