using Mine.Fleet;

namespace Mine.Hosting;

/// <summary>The landmine detection's cost on /_internal/metrics and in Mine's own series: its budget is under 1 s of
/// CPU per refresh on a fleet of 1,300 hosts (docs/benchmarks.md, "Landmine detection"), and these say whether a
/// fleet keeps to it.</summary>
internal sealed class LandmineMetrics(LandmineDetector detector) : IMetricSource
{
    public IEnumerable<MineMetrics.Sample> Samples()
    {
        var none = Array.Empty<(string, string)>();
        yield return new("mine_landmines_computations_total", "Landmine detections finished.", "counter", none, detector.Computations);
        if (detector.Current is not { } last)
        {
            yield break;
        }

        yield return new("mine_landmines_compute_seconds", "Wall-clock seconds of the last landmine detection.", "gauge", none, last.ElapsedSeconds);
        yield return new("mine_landmines_compute_cpu_seconds", "CPU seconds the process used during the last landmine detection.", "gauge", none, last.CpuSeconds);
        yield return new("mine_landmines_trends_cpu_seconds", "Of those, the trend detection's (0 when the last detection reused the kept trends).", "gauge", none, last.TrendCpuSeconds);
    }
}
