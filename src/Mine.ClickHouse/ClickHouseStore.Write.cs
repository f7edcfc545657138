using Mine.Core.Ports;
using Mine.Core.Series;

namespace Mine.ClickHouse;

/// <summary>Writes: points and imported history go to the backlog through the point writer.</summary>
public sealed partial class ClickHouseStore
{
    public int Write(PointBatch batch) => Write(batch, int.MaxValue).Accepted;

    public PointWriteResult Write(PointBatch batch, int newSeriesAllowance) => _writer.Write(batch, newSeriesAllowance);

    /// <summary>
    /// Imported points become ordinary rows. ClickHouse keeps no per-series layout: the series' retention and
    /// aggregation are Mine's rules, like every other series' (docs/compatibility.md), and a point of archive i is
    /// taken as one written that long after its time. Under <see cref="ConflictPolicy.Keep"/> a point whose slot (at its
    /// archive's step) already holds a row is skipped and counted as kept; under <see cref="ConflictPolicy.Overwrite"/>
    /// it is written and, being the later write, wins.
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

        var occupied = onConflict == ConflictPolicy.Keep ? OccupiedSlots(name, layout, archives) : null;
        var batch = new PointBatch(Math.Max(1, offered));
        int refused = 0, kept = 0;
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

                if (occupied is not null && occupied.Contains((step, times[i])))
                {
                    kept++;
                    continue;
                }

                batch.Add(name, times[i], values[i]);
            }
        }

        var existed = _names.TryGetId(name, out _);
        var written = _writer.Write(batch, int.MaxValue);
        var problemText = written.BadName > 0 ? $"'{name}' is not a name Mine stores" : why;
        return new HistoryImportResult(offered, written.Accepted, kept, written.TooOld, written.InFuture, refused + written.BadName + written.OverSeriesLimit,
            !existed && written.SeriesCreated > 0, problemText);
    }

    /// <summary>The (step, slot) pairs of the imported archives that already hold a row of the series.</summary>
    private HashSet<(int Step, long Slot)> OccupiedSlots(string name, HistoryLayout layout, IReadOnlyList<HistoryPoints> archives)
    {
        var occupied = new HashSet<(int, long)>();
        var times = archives.SelectMany(static a => a.Times.ToArray()).ToList();
        if (!_names.TryGetId(name, out _) || times.Count == 0)
        {
            return occupied;
        }

        var path = Reading.PointsQuery.StoredPath(name);
        var from = times.Min();
        var until = times.Max() + layout.Archives[^1].StepSeconds;
        var rows = Reading.PointsQuery.ReadAsync(_client, $"{_options.Tables.Database}.{_options.Tables.Points}", [path], from, until, CancellationToken.None)
            .GetAwaiter().GetResult().GetValueOrDefault(path) ?? [];
        _writer.Recent.CopyTo(path, from, until, rows);
        foreach (var archive in layout.Archives)
        {
            foreach (var row in rows)
            {
                occupied.Add((archive.StepSeconds, row.Time - (row.Time % archive.StepSeconds)));
            }
        }

        return occupied;
    }
}
