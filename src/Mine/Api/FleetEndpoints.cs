using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Mine.Fleet;

namespace Mine.Api;

/// <summary>The hosts Mine has seen, for the UI and for scripts: <c>GET /api/fleet/hosts</c>.</summary>
internal static class FleetEndpoints
{
    public static void MapFleetApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/fleet/hosts", (FleetRegistry fleet) => Results.Json(fleet.Hosts().Select(static h => new
        {
            name = h.Name,
            firstSeen = h.FirstSeen,
            lastSeen = Volatile.Read(ref h.LastSeen),
            plugins = h.Plugins,
        })));
    }
}
