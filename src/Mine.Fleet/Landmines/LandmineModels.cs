namespace Mine.Fleet;

/// <summary>A metric every member of a group is compared on: <see cref="Pattern"/> under each host's series root,
/// summed per host (CPU over cores and states, interface octets over interfaces).</summary>
public sealed record FleetMetric(string Id, string Title, string Plugin, string Pattern);

/// <summary>One member's standing on one metric: the median robust score in the window (signed; positive is
/// over-working) and how long, up to now, it has been beyond k on that side (0 when its last point is not).</summary>
public sealed record MemberScore(string Host, double Score, long BeyondSeconds);

/// <summary>A group's members on one metric, most deviating first; the targets draw its band and outliers.</summary>
public sealed record GroupMetric(FleetMetric Metric, string MembersTarget, string BandTarget, string OutliersTarget, IReadOnlyList<MemberScore> Members);

/// <summary>
/// One metric's evidence about one host: its score (signed, positive is over-working) against its group, how many
/// times the group's median it runs at now (median over the window), how many times its own normal when it has one
/// (null when it has too little history: then the score is the level against the group, as <c>outliers()</c> scores),
/// how long it has been beyond k, and whether this metric alone makes the host a landmine.
/// </summary>
public sealed record MetricEvidence(FleetMetric Metric, double Score, double RatioToGroup, double? RatioToNormal, long BeyondSeconds, bool Beyond, string HostTarget, string MembersTarget, string BandTarget);

/// <summary>What the detection says of a host: <c>level</c> (off its peers or its own normal), <c>stale</c> (stopped
/// sending), or <c>ok</c>; <c>trend</c> is reserved for trend detection.</summary>
public static class LandmineKind
{
    public const string Ok = "ok";
    public const string Level = "level";
    public const string Trend = "trend";
    public const string Stale = "stale";
}

/// <summary>
/// The verdict on one host, the one place the Landmines page, the fleet tiles and the counts read from. A
/// <c>level</c> landmine has a side (above/below), a severity (|score|: the worst metric's beyond k, else the
/// combined score), since when it has been off (Unix seconds), whether the combined evidence (several metrics mildly
/// off together) rather than one metric decided, and the metrics behind it, most telling first. A <c>stale</c> host
/// has only its last-seen time as <see cref="Since"/>.
/// </summary>
public sealed record Landmine(string Host, string Group, string Kind, string? Side, double Severity, double Score, long Since, bool Combined, IReadOnlyList<MetricEvidence> Evidence)
{
    /// <summary>The metric shown first (the worst), null for a stale host.</summary>
    public MetricEvidence? Worst => Evidence.Count == 0 ? null : Evidence[0];

    /// <summary>Seconds the host has been off by this verdict at <paramref name="now"/>.</summary>
    public long For(long now) => Math.Max(0, now - Since);
}

/// <summary>A host's standing for the fleet tiles: its verdict's kind and side, and a score (see HostScores).</summary>
public sealed record HostVerdict(string Kind, string? Side, double Score);

/// <summary>A metric (for one group, or for every group when its series could not be read) left out of a
/// computation because reading or scoring it failed.</summary>
public sealed record LandmineFailure(FleetMetric Metric, string? Group, Exception Error)
{
    public string Describe() => $"{Metric.Id}{(Group is null ? "" : " of group " + Group)}: {Error.GetType().Name}: {Error.Message}";
}

/// <summary>One computation over the whole fleet (its trends: LandmineSnapshot.Trends.cs).</summary>
public sealed partial record LandmineSnapshot(
    long ComputedAt,
    double ElapsedSeconds,
    int FleetHosts,
    IReadOnlyList<Landmine> Landmines,
    IReadOnlyDictionary<string, IReadOnlyList<GroupMetric>> Groups,
    IReadOnlyDictionary<string, double> HostScores)
{
    /// <summary>Every fresh or stale host the computation judged: what the fleet tiles and counts show, from the same
    /// verdicts as <see cref="Landmines"/> (a host listed there is never "ok" here, and the reverse).</summary>
    public IReadOnlyDictionary<string, HostVerdict> Verdicts { get; init; } = new Dictionary<string, HostVerdict>();

    /// <summary>The false-alarm target the combined verdict's threshold is derived from (per group, per run).</summary>
    public double FalseAlarmRate { get; init; }

    /// <summary>What this computation had to leave out; empty when every metric was read and scored.</summary>
    public IReadOnlyList<LandmineFailure> Failures { get; init; } = [];

    /// <summary>CPU seconds the process used while this computation ran (every thread: the reads fan out): on a
    /// server doing little else, the detection's own cost, the figure its budget is stated in.</summary>
    public double CpuSeconds { get; init; }

    /// <summary>Of <see cref="CpuSeconds"/>, the trend detection's; 0 when this computation reused the kept trends.</summary>
    public double TrendCpuSeconds { get; init; }

    /// <summary>Whether this computation computed the trends (rather than reusing the kept ones).</summary>
    public bool TrendsComputed { get; init; }
}
