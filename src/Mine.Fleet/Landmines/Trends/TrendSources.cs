using Mine.Query.Series;

namespace Mine.Fleet;

/// <summary>What a trend watches: disks fill up, memory leaks.</summary>
internal enum TrendKind
{
    /// <summary>Flagged when the limit is reached within the horizon.</summary>
    Disk,

    /// <summary>Flagged when it grows steadily while the group's does not.</summary>
    Memory,
}

/// <summary>
/// A family of series with a known limit, as collectd's write_graphite names them under a host's root: read with
/// <see cref="FleetMetric.Pattern"/>, each series is <c>subject.prefix+part</c> (<c>df-var.df_complex-used</c>).
/// The used part is fitted; the limit is <see cref="ConstantLimit"/> (a percentage: 100) or the sum of
/// <see cref="LimitParts"/> (all the subject's parts when null) at the same time.
/// </summary>
internal sealed record TrendSource(FleetMetric Metric, TrendKind Kind, string PartPrefix, string[]? LimitParts, double ConstantLimit, string Unit)
{
    /// <summary>
    /// Checked in this order; a host's subject found by an earlier source is not fitted again by a later one (a host
    /// sending both bytes and percentages is judged on bytes). A disk is full for the services on it when df's
    /// <c>free</c> (available to non-root) is gone, so its limit is used + free: root's reserved blocks are not
    /// space a service can fill, and df's own Use% is used / (used + free) too.
    /// </summary>
    public static readonly TrendSource[] All =
    [
        new(new("disk", "Disk space used", "df", "df-*.df_complex-{used,free,reserved}"), TrendKind.Disk, "df_complex-", ["used", "free"], double.NaN, "bytes"),
        new(new("disk", "Disk space used", "df", "df-*.df-{used,free}"), TrendKind.Disk, "df-", ["used", "free"], double.NaN, "bytes"),
        new(new("disk", "Disk space used", "df", "df-*.percent_bytes-used"), TrendKind.Disk, "percent_bytes-", null, 100, "percent"),
        new(new("memory", "Memory used", "memory", "memory.memory-*"), TrendKind.Memory, "memory-", null, double.NaN, "bytes"),
        new(new("memory", "Memory used", "memory", "memory.percent-used"), TrendKind.Memory, "percent-", null, 100, "percent"),
    ];

    /// <summary>The host's subjects of this source: for each, the used series and the limit's parts (empty for a
    /// constant limit). A subject without a used series is left out.</summary>
    public IEnumerable<(string Subject, TimeSeries Used, List<TimeSeries> LimitParts)> Subjects(Dictionary<string, TimeSeries> named)
    {
        var bySubject = new Dictionary<string, Dictionary<string, TimeSeries>>(StringComparer.Ordinal);
        foreach (var (name, series) in named)
        {
            var dot = name.LastIndexOf('.');
            if (dot <= 0 || !name.AsSpan(dot + 1).StartsWith(PartPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var subject = name[..dot];
            if (!bySubject.TryGetValue(subject, out var parts))
            {
                bySubject[subject] = parts = new Dictionary<string, TimeSeries>(StringComparer.Ordinal);
            }

            parts[name[(dot + 1 + PartPrefix.Length)..]] = series;
        }

        foreach (var (subject, parts) in bySubject.OrderBy(static s => s.Key, StringComparer.Ordinal))
        {
            if (!parts.TryGetValue("used", out var used))
            {
                continue;
            }

            // A limit missing a part (used without free) would be the used series itself: always "at the limit".
            List<TimeSeries> limit = !double.IsNaN(ConstantLimit) ? []
                : LimitParts is null ? [.. parts.OrderBy(static p => p.Key, StringComparer.Ordinal).Select(static p => p.Value)]
                : LimitParts.All(parts.ContainsKey) ? [.. LimitParts.Select(p => parts[p])]
                : [];
            if (double.IsNaN(ConstantLimit) && limit.Count < 2)
            {
                continue;
            }

            yield return (subject, used, limit);
        }
    }

    /// <summary>The render target of the limit under <paramref name="root"/> (as a link writes it).</summary>
    public string LimitTarget(string root, string subject) =>
        !double.IsNaN(ConstantLimit) ? ConstantLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : LimitParts is null ? $"sumSeries({root}.{subject}.{PartPrefix}*)"
        : $"sumSeries({root}.{subject}.{PartPrefix}{{{string.Join(',', LimitParts)}}})";
}
