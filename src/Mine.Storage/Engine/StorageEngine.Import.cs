using System.Text;
using Mine.Core.Ports;
using Mine.Core.Series;
using Mine.Storage.Schemas;

namespace Mine.Storage.Engine;

public sealed partial class StorageEngine : IHistoryImport
{
    /// <summary>
    /// Imports one series' history (see <see cref="IHistoryImport.Import"/>): created with the given layout when
    /// missing, each archive's points logged and applied like derived points, straight into that archive.
    /// </summary>
    /// <remarks>
    /// <see cref="ConflictPolicy.Keep"/> reads the slots the points fall in (parts and heads, the archive's own
    /// values, nothing computed) under the write lock, so a live write cannot slip in between the look and the write.
    /// A series this call created has nothing stored, so importing into a fresh store reads nothing.
    /// </remarks>
    public HistoryImportResult Import(string name, HistoryLayout layout, IReadOnlyList<HistoryPoints> archives, ConflictPolicy onConflict)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(archives);
        var offered = 0;
        foreach (var points in archives)
        {
            if (points.Times.Length != points.Values.Length)
            {
                throw new ArgumentException($"An archive has {points.Times.Length} times and {points.Values.Length} values.", nameof(archives));
            }

            offered += points.Times.Length;
        }

        var utf8 = Encoding.UTF8.GetBytes(name);
        if (MetricNames.Check(utf8) != MetricNameProblem.None)
        {
            return new HistoryImportResult(offered, 0, 0, 0, 0, offered, Created: false, $"'{name}' is not a metric name Mine can hold");
        }

        lock (_appendGate)
        {
            lock (_writeLock)
            {
                try
                {
                    return ImportLocked(utf8, layout, archives, onConflict, offered);
                }
                catch (IOException ex)
                {
                    _writeHealth.Failed(ex);
                    throw;
                }
            }
        }
    }

    private HistoryImportResult ImportLocked(byte[] utf8, HistoryLayout layout, IReadOnlyList<HistoryPoints> archives, ConflictPolicy onConflict, int offered)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EnsureWalLocked();
        var hash = NameHashTable.Hash(utf8);
        var created = false;
        if (!_catalog.TryResolve(utf8, hash, out var id))
        {
            if (layout.Problem() is { } problem)
            {
                return new HistoryImportResult(offered, 0, 0, 0, 0, offered, Created: false, $"layout refused: {problem}");
            }

            var specs = layout.Archives.Select(static a => new ArchiveSpec(a.StepSeconds, a.Points)).ToArray();
            var info = _catalog.Create(utf8, hash, specs, (AggregationMethod)layout.AggregationMethod, layout.XFilesFactor);
            OnSeriesCreated(info);
            id = info.Id;
            created = true;
        }

        var now = NowSeconds();
        var admission = new HistoryAdmission(_catalog.Get(id), layout, now, now + (long)_options.FutureTolerance.TotalSeconds);
        _columns.EnsureCapacity(offered);
        for (var a = 0; a < archives.Count; a++)
        {
            var archive = admission.TargetArchive(a, archives[a].Times.Length);
            if (archive >= 0)
            {
                var existing = created || onConflict == ConflictPolicy.Overwrite ? null : admission.ExistingSlots(archive, archives[a], ReadStoredSlots);
                admission.Admit(archive, archives[a], existing, _columns);
                existing?.Dispose();
            }
        }

        if (admission.Count == 0)
        {
            FlushCatalogLocked();
        }
        else
        {
            AppendLocked(admission.Count);
        }

        return admission.Result(offered, created);
    }

    /// <summary>An archive's stored values (no slot computed from a finer archive) for slots from <paramref name="start"/>.</summary>
    private void ReadStoredSlots(int seriesId, int archive, int step, long start, Span<double> values)
    {
        values.Fill(double.NaN);
        OverlayStored(seriesId, archive, step, start, values);
    }
}
