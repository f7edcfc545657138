using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mine.Fleet;

namespace Mine.Api;

/// <summary>
/// The hosts Mine has seen, for the UI and for scripts (docs/ui.md, "Fleet API"): <c>GET /api/fleet/hosts</c>,
/// <c>GET /api/fleet/hosts/{name}</c> and <c>GET /api/fleet/groups</c>.
/// </summary>
internal static class FleetEndpoints
{
    public static void MapFleetApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/fleet/hosts", (FleetRegistry fleet, HostPlugins plugins) =>
        {
            var now = fleet.Now;
            return Results.Json(fleet.Hosts().Select(h => Host(fleet, plugins, h, now)));
        });
        app.MapGet("/api/fleet/hosts/{name}", (string name, FleetRegistry fleet, HostPlugins plugins) =>
            fleet.TryGet(name, out var host) ? Results.Json(Host(fleet, plugins, host!, fleet.Now)) : ApiErrors.NotFound($"no host named '{name}' has sent data"));
        app.MapGet("/api/fleet/groups", (FleetRegistry fleet) => Results.Json(fleet.Groups().Select(static g => new
        {
            name = g.Name,
            hosts = g.Hosts,
            stale = g.Stale,
        })));
    }

    private static object Host(FleetRegistry fleet, HostPlugins plugins, HostRecord h, long now) => new
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

        // Filled by the landmine detection (phase 2): the host's largest robust score against its group, signed
        // (positive: over-working, negative: under-working); null until computed.
        outlierScore = (double?)null,
    };
}
