namespace Mine.Core.Ports;

/// <summary>
/// History brought in from elsewhere (whisper files): series created with their own layout, points written into the
/// archive they were stored in, not the one their age would choose. Implementations must be safe for concurrent callers.
/// </summary>
public interface IHistoryImport
{
    /// <summary>
    /// Creates <paramref name="name"/> with <paramref name="layout"/> when the store does not have it (an existing series
    /// keeps its own layout; points of an archive whose step it lacks are refused), then writes
    /// <paramref name="archives"/>[i] into archive i: a slot that already holds a value is skipped under
    /// <see cref="ConflictPolicy.Keep"/> and replaced under <see cref="ConflictPolicy.Overwrite"/>. Refused, each
    /// counted once: points of a bad name or layout, older than their archive reaches at the store's now, stamped
    /// beyond its tolerance for clock skew, NaN (whisper's empty), or not at a slot of their archive. When it returns,
    /// the points written are as durable as those of <see cref="IPointSink.Write(Series.PointBatch)"/>.
    /// </summary>
    /// <exception cref="IOException">The store could not log the points (disk full): nothing was acknowledged.</exception>
    HistoryImportResult Import(string name, HistoryLayout layout, IReadOnlyList<HistoryPoints> archives, ConflictPolicy onConflict);
}
