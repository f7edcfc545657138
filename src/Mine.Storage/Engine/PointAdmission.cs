using Mine.Core.Ports;
using Mine.Core.Series;
using Mine.Storage.Schemas;

namespace Mine.Storage.Engine;

/// <summary>
/// The write path's first half: resolves each point's name to a series (creating new ones with their schema),
/// refuses what storage cannot keep before anything is created for it, and puts the rest into
/// <see cref="PointColumns"/> with their archive and slot. Nothing is logged or visible yet. Used under the
/// engine's write lock only.
/// </summary>
internal sealed class PointAdmission(SeriesCatalog catalog, StorageSchemas schemas, StorageAggregation aggregation, TimeSpan futureTolerance, Action<SeriesInfo> onCreated)
{
    private int _lastWrittenId = -1;

    private enum NewSeriesRefusal
    {
        None,
        BadName,
        TooOld,
        OverLimit,
    }

    /// <summary>Fills <paramref name="columns"/> from index 0 with the accepted points (<c>Accepted</c> of the result).</summary>
    public PointWriteResult Admit(PointBatch batch, long now, int newSeriesAllowance, PointColumns columns)
    {
        columns.EnsureCapacity(batch.Count);
        var futureLimit = now + (long)futureTolerance.TotalSeconds;
        var accepted = 0;
        int tooOld = 0, inFuture = 0, badName = 0, overLimit = 0, created = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var timestamp = batch.Timestamp(i);
            if (timestamp > futureLimit || timestamp > uint.MaxValue)
            {
                inFuture++;
                continue;
            }

            if (timestamp < 0)
            {
                tooOld++;
                continue;
            }

            var name = batch.Name(i);
            var age = now - timestamp;

            // Senders repeat the same names in the same order every interval (a relay flushing its cache, a
            // host's agent, the fleet generator), so "the series after the previous one" is usually right and
            // costs one sequential compare instead of a hash probe into random memory.
            var id = _lastWrittenId + 1;
            if ((uint)id >= (uint)catalog.Count || !catalog.NameEquals(id, name))
            {
                var hash = NameHashTable.Hash(name);
                if (!catalog.TryResolve(name, hash, out id))
                {
                    // A new series: everything that would refuse the point is checked before anything exists.
                    var refusal = CheckNewSeries(name, age, created, newSeriesAllowance, out var schema, out var text);
                    switch (refusal)
                    {
                        case NewSeriesRefusal.BadName:
                            badName++;
                            continue;
                        case NewSeriesRefusal.TooOld:
                            tooOld++;
                            continue;
                        case NewSeriesRefusal.OverLimit:
                            overLimit++;
                            continue;
                    }

                    id = CreateSeries(name, hash, text!, schema!);
                    created++;
                }
            }

            _lastWrittenId = id;
            int archive, step;
            if (age < catalog.FinestRetention(id))
            {
                archive = 0;
                step = catalog.FinestStep(id);
            }
            else
            {
                var info = catalog.Get(id);
                archive = info.ArchiveForAge(age);
                if (archive < 0)
                {
                    tooOld++;
                    continue;
                }

                step = info.Archives[archive].StepSeconds;
            }

            columns.Set(accepted, id, (byte)archive, (uint)(timestamp - timestamp % step), batch.Value(i));
            accepted++;
        }

        return new PointWriteResult(batch.Count, accepted, tooOld, inFuture, badName, overLimit, created);
    }

    /// <summary>Whether a point may create its (new) series; on success, the schema it gets and its name as text.</summary>
    private NewSeriesRefusal CheckNewSeries(ReadOnlySpan<byte> name, long age, int created, int allowance, out StorageSchema? schema, out string? text)
    {
        schema = null;
        text = null;
        if (MetricNames.Check(name) != MetricNameProblem.None)
        {
            return NewSeriesRefusal.BadName;
        }

        text = System.Text.Encoding.UTF8.GetString(name);
        schema = schemas.Match(text);
        if (schema.Archives.Count == 0 || age >= schema.MaxRetentionSeconds)
        {
            return NewSeriesRefusal.TooOld;
        }

        return created >= allowance ? NewSeriesRefusal.OverLimit : NewSeriesRefusal.None;
    }

    private int CreateSeries(ReadOnlySpan<byte> name, ulong hash, string text, StorageSchema schema)
    {
        var (method, xff) = aggregation.Match(text);
        if (schema.Archives.Count > SeriesInfo.MaxArchives)
        {
            throw new InvalidDataException($"Schema '{schema.Name}' has {schema.Archives.Count} archives; Mine supports at most {SeriesInfo.MaxArchives}.");
        }

        var info = catalog.Create(name, hash, schema.Archives.ToArray(), method, xff);
        onCreated(info);
        return info.Id;
    }
}
