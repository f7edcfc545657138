using Mine.Core.Ports;
using Mine.Core.Series;

namespace Mine.ClickHouse;

/// <summary>Writes: points and imported history go to the backlog through the point writer.</summary>
public sealed partial class ClickHouseStore
{
    public int Write(PointBatch batch) => Write(batch, int.MaxValue).Accepted;

    public PointWriteResult Write(PointBatch batch, int newSeriesAllowance) => _writer.Write(batch, newSeriesAllowance);

    /// <summary>
    /// Imported points are ordinary rows with version 0: ClickHouse has no slots to compare, so under
    /// <see cref="ConflictPolicy.Keep"/> a live point (a later version) wins at reads and merges; under
    /// <see cref="ConflictPolicy.Overwrite"/> they get the current version and win. Kept is therefore always 0, and the
    /// series' retention is Mine's rules', not the file's layout (docs/compatibility.md).
    /// </summary>
    public HistoryImportResult Import(string name, HistoryLayout layout, IReadOnlyList<HistoryPoints> archives, ConflictPolicy onConflict)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(archives);
        var offered = archives.Sum(static a => a.Times.Length);
        if (layout.Problem() is { } problem)
        {
            return new HistoryImportResult(offered, 0, 0, 0, 0, offered, false, problem);
        }

        var batch = new PointBatch(Math.Max(1, offered));
        var refused = 0;
        string? why = null;
        for (var a = 0; a < archives.Count; a++)
        {
            var times = archives[a].Times.Span;
            var values = archives[a].Values.Span;
            var step = a < layout.Archives.Count ? layout.Archives[a].StepSeconds : 0;
            for (var i = 0; i < times.Length; i++)
            {
                if (step == 0 || double.IsNaN(values[i]) || times[i] % step != 0)
                {
                    refused++;
                    why ??= step == 0 ? $"archive {a} is not in the layout" : double.IsNaN(values[i]) ? null : $"a time of archive {a} is not a multiple of its step {step}";
                    continue;
                }

                batch.Add(name, times[i], values[i]);
            }
        }

        var existed = _names.TryGetId(name, out _);
        var written = _writer.Write(batch, int.MaxValue, onConflict == ConflictPolicy.Keep ? 0u : null);
        var problemText = written.BadName > 0 ? $"'{name}' is not a name Mine stores" : why;
        return new HistoryImportResult(offered, written.Accepted, 0, written.TooOld, written.InFuture, refused + written.BadName + written.OverSeriesLimit,
            !existed && written.SeriesCreated > 0, problemText);
    }
}
