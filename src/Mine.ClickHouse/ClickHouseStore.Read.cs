using System.Collections.Concurrent;
using Mine.ClickHouse.Http;
using Mine.ClickHouse.Reading;
using Mine.Core.Buffers;
using Mine.Core.Ports;
using Mine.Core.Series;
using Mine.Storage.Schemas;

namespace Mine.ClickHouse;

/// <summary>Reads: names from memory, points from the points table merged with this node's recent points.</summary>
public sealed partial class ClickHouseStore : IBatchSeriesReader
{
    private readonly ConcurrentDictionary<(StorageSchema, AggregationRule), SeriesLayout> _layouts = new();

    public IReadOnlyList<MetricNode> Find(string glob, int limit = int.MaxValue) => _names.Index.Find(glob, limit);

    public FoldedFind FindFolded(string glob, int limit = int.MaxValue) => _names.Index.FindFolded(glob, limit);

    public IReadOnlyList<SeriesHandle> FindSeries(string glob, int limit = int.MaxValue) => _names.Index.FindLeaves(glob, limit);

    public long? MaxRetentionSeconds(string name) => _names.TryGetId(name, out _) ? Layout(name).MaxRetentionSeconds : null;

    public IEnumerable<string> AllNames() => _names.All();

    public FetchedSeries? Fetch(string name, long from, long until, long now) =>
        _names.Handle(name) is { } handle ? Fetch(handle, from, until, now) : null;

    public FetchedSeries? Fetch(SeriesHandle series, long from, long until, long now, ValueArrayLease? values = null) =>
        FetchMany([series], from, until, now, values, CancellationToken.None)[0];

    public long PointsToRead(SeriesHandle series, long from, long until, long now) =>
        _names.NameOf(series.Key) is { } name ? Layout(name).Plan(from, until, now)?.Length ?? 0 : 0;

    /// <summary>Reads hold nothing of ClickHouse's: a session is the store itself.</summary>
    public ISeriesReadSession BeginReads() => new Session(this);

    public IReadOnlyList<FetchedSeries?> FetchMany(IReadOnlyList<SeriesHandle> series, long from, long until, long now, ValueArrayLease? values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(series);
        var results = new FetchedSeries?[series.Count];

        // Series with the same plan (the same archive and slots) are read by the same statements.
        var groups = new Dictionary<ReadPlan, List<(int Index, string Name, string Path, SeriesLayout Layout)>>();
        for (var i = 0; i < series.Count; i++)
        {
            if (_names.NameOf(series[i].Key) is not { } name)
            {
                continue; // a handle this store did not issue
            }

            var layout = Layout(name);
            if (layout.Plan(from, until, now) is not { } plan)
            {
                continue;
            }

            if (!groups.TryGetValue(plan, out var members))
            {
                groups[plan] = members = [];
            }

            members.Add((i, series[i].Name, PointsQuery.StoredPath(name), layout)); // answered under the handle's name, as the embedded engine does
        }

        foreach (var (plan, members) in groups)
        {
            Dictionary<string, List<PointRow>> rows;
            try
            {
                rows = PointsQuery.ReadAsync(_client, $"{_options.Tables.Database}.{_options.Tables.Points}", members.Select(static m => m.Path).Distinct().ToList(),
                    plan.Start, plan.End, cancellationToken).GetAwaiter().GetResult();
            }
            catch (ClickHouseException ex) when (ex.Retryable)
            {
                throw new Core.Errors.StorageUnavailableException($"ClickHouse does not answer ({ex.Message}); try again shortly", ex);
            }
            catch (ClickHouseException ex)
            {
                throw new IOException($"ClickHouse refused a read of the points table: {ex.Message}", ex);
            }

            foreach (var (index, name, path, layout) in members)
            {
                var pointRows = rows.TryGetValue(path, out var stored) ? stored : [];
                _writer.Recent.CopyTo(path, plan.Start, plan.End, pointRows); // last: a tie in version goes to this node's point
                var array = values?.Rent(plan.Length) ?? GC.AllocateUninitializedArray<double>(plan.Length);
                SlotFiller.Fill(layout, plan, pointRows, now, array.AsSpan(0, plan.Length));
                results[index] = new FetchedSeries(name, plan.Start, plan.End, plan.Step, array)
                {
                    ConsolidationFunction = layout.Method.ToCarbonName(),
                    XFilesFactor = layout.XFilesFactor,
                };
            }
        }

        return results;
    }

    private SeriesLayout Layout(string name)
    {
        var key = (_options.Schemas.Match(name), _options.Aggregation.MatchRule(name));
        return _layouts.GetOrAdd(key, static (k, name) => new SeriesLayout(k.Item1.Archives, k.Item2.Method, (float)k.Item2.XFilesFactor), name);
    }

    private sealed class Session(ClickHouseStore store) : ISeriesReadSession
    {
        private bool _disposed;

        public FetchedSeries? Fetch(SeriesHandle series, long from, long until, long now, ValueArrayLease? values = null)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
            return store.Fetch(series, from, until, now, values);
        }

        public void Dispose() => Volatile.Write(ref _disposed, true);
    }
}
