using System.Buffers;
using Mine.Core.Ports;

namespace Mine.Storage.Engine;

/// <summary>
/// The import path's checks for one series (see <see cref="StorageEngine.Import"/>): which archive each of the
/// layout's archives goes to, which points storage keeps, and the counts. Used under the engine's write lock only.
/// </summary>
internal sealed class HistoryAdmission(SeriesInfo series, HistoryLayout layout, long now, long futureLimit)
{
    private int _kept, _tooOld, _inFuture, _refused;
    private string? _problem;

    /// <summary>Points put into the columns so far (from index 0).</summary>
    public int Count { get; private set; }

    /// <summary>
    /// The series' archive that the layout's archive <paramref name="index"/> goes to: the one with the same step (a
    /// series created from this layout has exactly its archives), or -1 with its points refused.
    /// </summary>
    public int TargetArchive(int index, int points)
    {
        if (points == 0)
        {
            return -1;
        }

        if (index < layout.Archives.Count)
        {
            var step = layout.Archives[index].StepSeconds;
            for (var i = 0; i < series.Archives.Length; i++)
            {
                if (series.Archives[i].StepSeconds == step)
                {
                    return i;
                }
            }

            Refuse(points, $"the series exists without an archive of {step} s steps (it keeps its own: {string.Join(',', series.Archives)})");
            return -1;
        }

        Refuse(points, $"points for archive {index} of a layout with {layout.Archives.Count}");
        return -1;
    }

    /// <summary>
    /// The stored values of the slots an archive's points fall in, for <see cref="ConflictPolicy.Keep"/>: a window
    /// from the oldest slot the archive reaches, null when no point is in reach. Dispose returns the array to the pool.
    /// </summary>
    public ExistingSlots? ExistingSlots(int archive, HistoryPoints points, StoredSlotsReader read)
    {
        var spec = series.Archives[archive];
        long first = long.MaxValue, last = long.MinValue;
        foreach (var time in points.Times.Span)
        {
            if (InReach(time, spec))
            {
                first = Math.Min(first, time);
                last = Math.Max(last, time);
            }
        }

        if (first > last)
        {
            return null;
        }

        // In reach means within retention (or the skew tolerance ahead), so the window is at most that many slots.
        var length = (int)((last - first) / spec.StepSeconds) + 1;
        var values = ArrayPool<double>.Shared.Rent(length);
        read(series.Id, archive, spec.StepSeconds, first, values.AsSpan(0, length));
        return new ExistingSlots(first, spec.StepSeconds, values, length);
    }

    /// <summary>Puts the archive's points storage keeps into <paramref name="columns"/> and counts the others.</summary>
    public void Admit(int archive, HistoryPoints points, ExistingSlots? existing, PointColumns columns)
    {
        var spec = series.Archives[archive];
        var times = points.Times.Span;
        var values = points.Values.Span;
        for (var i = 0; i < times.Length; i++)
        {
            var time = times[i];
            var value = values[i];
            if (double.IsNaN(value))
            {
                Refuse(1, "NaN values (whisper's empty slots) are not points");
            }
            else if (time % spec.StepSeconds != 0)
            {
                Refuse(1, $"times that are not slots of the {spec.StepSeconds} s archive");
            }
            else if (time > futureLimit || time > uint.MaxValue)
            {
                _inFuture++;
            }
            else if (!InReach(time, spec))
            {
                _tooOld++;
            }
            else if (existing is { } stored && stored.HoldsValue(time))
            {
                _kept++;
            }
            else
            {
                columns.Set(Count++, series.Id, (byte)archive, (uint)time, value);
            }
        }
    }

    public HistoryImportResult Result(int offered, bool created) =>
        new(offered, Count, _kept, _tooOld, _inFuture, _refused, created, _problem);

    /// <summary>As whisper's fetch and the engine's retention: a slot is in its archive while younger than the archive's reach.</summary>
    private bool InReach(long time, Schemas.ArchiveSpec spec) => time >= 0 && time > now - spec.RetentionSeconds && time <= futureLimit;

    private void Refuse(int points, string problem)
    {
        _refused += points;
        _problem ??= problem;
    }
}

/// <summary>Reads an archive's stored values of the slots from <c>start</c> into <c>values</c> (NaN where none).</summary>
internal delegate void StoredSlotsReader(int seriesId, int archive, int step, long start, Span<double> values);

/// <summary>A window of an archive's stored values, on a pooled array.</summary>
internal sealed class ExistingSlots(long start, int step, double[] values, int length) : IDisposable
{
    public bool HoldsValue(long time)
    {
        var index = (time - start) / step;
        return (ulong)index < (ulong)length && !double.IsNaN(values[index]);
    }

    public void Dispose() => ArrayPool<double>.Shared.Return(values);
}
