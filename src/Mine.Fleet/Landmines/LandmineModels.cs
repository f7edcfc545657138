namespace Mine.Fleet;

/// <summary>A metric every member of a group is compared on: <see cref="Pattern"/> under each host's series root,
/// summed per host (CPU over cores and states, interface octets over interfaces).</summary>
public sealed record FleetMetric(string Id, string Title, string Plugin, string Pattern);

/// <summary>One member's standing on one metric: the median robust score in the window (signed; positive is
/// over-working) and how long, up to now, it has been beyond k on that side (0 when its last point is not).</summary>
public sealed record MemberScore(string Host, double Score, long BeyondSeconds);

/// <summary>A group's members on one metric, most deviating first; the targets draw its band and outliers.</summary>
public sealed record GroupMetric(FleetMetric Metric, string MembersTarget, string BandTarget, string OutliersTarget, IReadOnlyList<MemberScore> Members);

/// <summary>A current outlier, as <c>outliers()</c> finds it: side above/below, severity = its median |score|.</summary>
public sealed record Landmine(string Host, string Group, FleetMetric Metric, string Side, double Severity, double Score, long BeyondSeconds, string HostTarget, string MembersTarget, string BandTarget);

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
    /// <summary>What this computation had to leave out; empty when every metric was read and scored.</summary>
    public IReadOnlyList<LandmineFailure> Failures { get; init; } = [];
}
