using Mine.Core.Series;
using Mine.Fuzz.Support;
using Mine.Storage.Engine;

namespace Mine.Fuzz.Targets.Storage;

/// <summary>
/// A whole data folder (<see cref="StorageEngine.Open"/>): the first input byte chooses a file of a small folder
/// the engine wrote (<see cref="StoreBaseline"/>; 0 series.log, 1 the WAL segment, 2 a part, byte / 3 choosing
/// which), the rest replaces that file, as it is and with valid checksums. The engine must open: a corrupt file is
/// repaired or quarantined with a log line and never stops the start. The only exception allowed is the documented
/// <see cref="NotSupportedException"/> for a WAL segment of a newer format version. Then every series is read,
/// the head is flushed (which must not change what reads see; a read may fail with <see cref="InvalidDataException"/>
/// where a block is damaged behind a sound index, since block checksums are verified on first read), the engine is reopened (which must repair nothing
/// more, skip no other WAL record, and read the same), and compacted (where a damaged block may fail the merge with
/// <see cref="InvalidDataException"/>, which the maintenance thread logs and retries).
/// </summary>
public sealed class StoreTarget : FuzzTarget
{
    public override string Name => "store";

    public override string Description => "byte 0 picks a data-folder file (series.log, WAL, part), the rest replaces it -> StorageEngine.Open + read/flush/reopen/compact";

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        var kind = input[0] % 3;
        var content = input[1..];
        Exercise(input[0], content);
        var fixedUp = kind switch
        {
            0 => Checksums.FixSeriesLog(content),
            1 => Checksums.FixWalSegment(content),
            _ => Checksums.FixPart(content),
        };
        if (!fixedUp.AsSpan().SequenceEqual(content))
        {
            Exercise(input[0], fixedUp);
        }
    }

    private static void Exercise(byte selector, ReadOnlySpan<byte> content)
    {
        var folder = ScratchFolder.Fresh("store");
        StoreBaseline.CopyTo(folder);
        var (seriesLog, walSegment, parts) = StoreBaseline.Files(folder);
        var kind = selector % 3;
        var file = kind switch
        {
            0 => seriesLog,
            1 => walSegment,
            _ => parts[selector / 3 % parts.Length],
        };
        File.WriteAllBytes(file, content.ToArray());

        var firstLog = new SynchronizedLog();
        StorageEngine engine;
        try
        {
            engine = StorageEngine.Open(StoreBaseline.Options(folder, firstLog.Add));
        }
        catch (NotSupportedException) when (kind == 1)
        {
            return;
        }

        List<double[]> opened;
        try
        {
            opened = ReadAll(engine);
            engine.FlushNow();
            Invariant.Check(Same(ReadAll(engine), opened), "flushing the head changed what reads return");
        }
        finally
        {
            engine.Dispose();
        }

        var secondLog = new SynchronizedLog();
        using var reopened = StorageEngine.Open(StoreBaseline.Options(folder, secondLog.Add));
        // Skipping an unreplayable WAL record changes nothing on disk (a newer Mine may read it), and a series whose
        // name the index cannot hold keeps its record (its id owns points): both are logged again at every start;
        // anything else the first open repaired must stay repaired.
        var skips = firstLog.Lines.Where(IsSkip).ToHashSet(StringComparer.Ordinal);
        var repairs = secondLog.Lines.Where(l => !l.StartsWith("storage open:", StringComparison.Ordinal) && !(IsSkip(l) && skips.Contains(l))).ToList();
        Invariant.Check(repairs.Count == 0, $"the second open repaired again: {string.Join(" | ", repairs)} (first open: {string.Join(" | ", firstLog.Lines)})");
        Invariant.Check(Same(ReadAll(reopened), opened), "reopening the folder changed what reads return");
        try
        {
            reopened.CompactNow();
        }
        catch (InvalidDataException)
        {
        }
    }

    /// <summary>Every series, over the last hour (10-second archive) and the last day (1-minute archive).</summary>
    private static List<double[]> ReadAll(StorageEngine engine)
    {
        var now = FixedClock.Epoch.ToUnixTimeSeconds();
        var results = new List<double[]>();
        for (var id = 0; id < engine.SeriesCount; id++)
        {
            foreach (var from in (long[])[now - 3600, now - 86400])
            {
                try
                {
                    // The key of the embedded engine's handles is the series id; every id is read, indexed or not.
                    var fetched = engine.Fetch(new SeriesHandle(string.Empty, id), from, now, now);
                    results.Add(fetched is null ? [] : [fetched.Start, fetched.Step, .. fetched.Values]);
                }
                catch (InvalidDataException)
                {
                    // A damaged block inside a part whose header and index are sound: block checksums are verified
                    // on first read, not at open (docs/storage-format.md), so the read fails, the same way each time.
                    results.Add([double.NegativeInfinity]);
                }
            }
        }

        return results;
    }

    private static bool IsSkip(string line) =>
        line.Contains("cannot be replayed", StringComparison.Ordinal) || line.Contains("cannot be indexed", StringComparison.Ordinal);

    private static bool Same(List<double[]> a, List<double[]> b) =>
        a.Count == b.Count && a.Zip(b).All(static p => p.First.AsSpan().SequenceEqual(p.Second));

    private sealed class SynchronizedLog
    {
        private readonly List<string> _lines = [];

        public List<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public void Add(string line)
        {
            lock (_lines)
            {
                _lines.Add(line);
            }
        }
    }
}
