using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mine.Fleet;

namespace Mine.Api;

/// <summary>
/// The hosts Mine has seen, for the UI and for scripts (docs/ui.md, "Fleet API"): <c>GET /api/fleet/hosts</c>,
/// <c>GET /api/fleet/hosts/{name}</c>, <c>GET /api/fleet/groups</c>, <c>GET /api/fleet/groups/{name}</c> (metrics, band
/// targets, members ranked by deviation) and <c>GET /api/fleet/landmines</c>.
/// </summary>
internal static class FleetEndpoints
{
    public static void MapFleetApi(this IEndpointRouteBuilder app)
    {
        // The hosts' verdicts come from the same computation as the landmines (Get, not the last one if it is older
        // than the refresh): the fleet tiles and counts cannot disagree with the Landmines page.
        app.MapGet("/api/fleet/hosts", (FleetRegistry fleet, HostPlugins plugins, LandmineDetector landmines, HttpContext context) =>
        {
            var now = fleet.Now;
            var snapshot = landmines.Get(cancellationToken: context.RequestAborted);
            return Results.Json(fleet.Hosts().Select(h => Host(fleet, plugins, h, now, snapshot)));
        });
        app.MapGet("/api/fleet/hosts/{name}", (string name, FleetRegistry fleet, HostPlugins plugins, LandmineDetector landmines, HttpContext context) =>
            fleet.TryGet(name, out var host) ? Results.Json(Host(fleet, plugins, host!, fleet.Now, landmines.Get(cancellationToken: context.RequestAborted))) : ApiErrors.NotFound($"no host named '{name}' has sent data"));
        app.MapGet("/api/fleet/landmines", (LandmineDetector landmines, HttpContext context) =>
        {
            var snapshot = landmines.Get(cancellationToken: context.RequestAborted);
            var tuning = landmines.Settings.Default;
            return Results.Json(new
            {
                computedAt = snapshot.ComputedAt,
                elapsedSeconds = Math.Round(snapshot.ElapsedSeconds, 3),
                k = tuning.K,
                window = LandmineTargets.Interval(tuning.WindowSeconds),
                windowSeconds = tuning.WindowSeconds,
                rangeSeconds = LandmineDetector.RangeSeconds,
                falseAlarmRate = snapshot.FalseAlarmRate,
                landmines = snapshot.Landmines.Select(l => LandmineJson.Entry(l, snapshot.ComputedAt)),

                // Trend landmines (a limit reached within the horizon), apart from the level ones above so that
                // readers of those keep their fields; docs/ui.md, "Trends".
                trends = snapshot.Trends.Select(static t => new
                {
                    kind = t.Kind,
                    host = t.Host,
                    group = t.Group,
                    metric = t.Metric,
                    title = t.Title,
                    subject = t.Subject,
                    unit = t.Unit,
                    limit = t.Limit,
                    level = Math.Round(t.Level, 1),
                    ratePerHour = Math.Round(t.RatePerHour, 1),
                    expectedAt = t.ExpectedAt,
                    confidence = t.Confidence,
                    groupScore = t.GroupScore,
                    since = t.Since,
                    windowSeconds = t.WindowSeconds,
                    evidence = t.Evidence,
                    usedTarget = t.UsedTarget,
                    limitTarget = t.LimitTarget,
                    timeToLimitTarget = t.TimeToLimitTarget,
                }),
            });
        });
        app.MapGet("/api/fleet/groups/{name}", (string name, FleetRegistry fleet, LandmineDetector landmines, HttpContext context) =>
        {
            var summary = fleet.Groups().FirstOrDefault(g => g.Name == name);
            if (summary is null)
            {
                return ApiErrors.NotFound($"no host of group '{name}' has sent data");
            }

            var snapshot = landmines.Get(cancellationToken: context.RequestAborted);
            var listed = snapshot.Landmines.Where(l => l.Group == name).SelectMany(static l => l.Evidence.Select(e => (e.Metric.Id, l.Host))).ToHashSet();
            var tuning = landmines.Settings.For(name);
            var metrics = snapshot.Groups.TryGetValue(name, out var found) ? found : [];
            return Results.Json(new
            {
                name,
                hosts = summary.Hosts,
                stale = summary.Stale,
                computedAt = snapshot.ComputedAt,
                k = tuning.K,
                window = LandmineTargets.Interval(tuning.WindowSeconds),
                metrics = metrics.Select(m => new
                {
                    id = m.Metric.Id,
                    title = m.Metric.Title,
                    plugin = m.Metric.Plugin,
                    membersTarget = m.MembersTarget,
                    bandTarget = m.BandTarget,
                    outliersTarget = m.OutliersTarget,
                    members = m.Members.Select(s => new
                    {
                        host = s.Host,
                        score = Round(s.Score),
                        beyondSeconds = s.BeyondSeconds,
                        outlier = listed.Contains((m.Metric.Id, s.Host)),
                    }),
                }),
            });
        });
        app.MapGet("/api/fleet/groups", (FleetRegistry fleet) => Results.Json(fleet.Groups().Select(static g => new
        {
            name = g.Name,
            hosts = g.Hosts,
            stale = g.Stale,
        })));
    }

    internal static double Round(double value) => Math.Round(value, 2);

    private static object Host(FleetRegistry fleet, HostPlugins plugins, HostRecord h, long now, LandmineSnapshot snapshot)
    {
        var verdict = snapshot.Verdicts.GetValueOrDefault(h.Name);
        return new
        {
            name = h.Name,
            group = h.Group,
            firstSeen = h.FirstSeen,
            lastSeen = h.LastSeen,
            stale = fleet.Rules.IsStale(h, now),
            staleAfter = fleet.Rules.StaleAfter(h),
            interval = h.Interval,
            source = h.Source == HostSource.Collectd ? "collectd" : "graphite",
            seriesRoot = h.SeriesRoot,
            plugins = plugins.Of(h, now),

            // From the landmine detection: the host's most deviating robust score against its group, signed (positive:
            // over-working, negative: under-working); null until computed or when no metric has enough peers.
            outlierScore = snapshot.HostScores.TryGetValue(h.Name, out var score) ? Round(score) : (double?)null,

            // The verdict the Landmines page lists the host by (ok, level, stale): what the tile shows; null for a
            // host that arrived after the computation.
            verdict = verdict?.Kind,
            side = verdict?.Side,
        };
    }
}
