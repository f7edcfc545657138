using Mine.Fleet;

namespace Mine.Api;

/// <summary>A landmine as <c>GET /api/fleet/landmines</c> gives it (docs/ui.md, "Landmines"): its kind, a sentence
/// saying why it is listed, since when, and the evidence per metric; the worst metric's fields also at the top, for
/// readers of the one-metric entries.</summary>
internal static class LandmineJson
{
    public static object Entry(Landmine l, long now)
    {
        var worst = l.Worst;
        return new
        {
            host = l.Host,
            group = l.Group,
            kind = l.Kind,
            side = l.Side,
            combined = l.Combined,
            severity = FleetEndpointsRound(l.Severity),
            score = double.IsNaN(l.Score) ? (double?)null : FleetEndpointsRound(l.Score),
            since = l.Since,
            reason = Reason(l),
            metric = worst?.Metric.Id,
            title = worst?.Metric.Title,
            beyondSeconds = l.Kind == LandmineKind.Stale ? l.For(now) : worst?.BeyondSeconds ?? 0,
            hostTarget = worst?.HostTarget,
            membersTarget = worst?.MembersTarget,
            bandTarget = worst?.BandTarget,
            evidence = l.Evidence.Select(static e => new
            {
                metric = e.Metric.Id,
                title = e.Metric.Title,
                score = FleetEndpointsRound(e.Score),
                ratioToGroup = FleetEndpointsRound(e.RatioToGroup),
                ratioToNormal = e.RatioToNormal is { } r ? FleetEndpointsRound(r) : (double?)null,
                beyondSeconds = e.BeyondSeconds,
                beyond = e.Beyond,
                hostTarget = e.HostTarget,
                membersTarget = e.MembersTarget,
                bandTarget = e.BandTarget,
            }),
        };
    }

    /// <summary>Why the host is listed, for people: "stopped sending", "disk_ops at 2.5× its own normal", "low on
    /// cpu, load, if_rx (combined −6.1σ)".</summary>
    public static string Reason(Landmine l)
    {
        if (l.Kind == LandmineKind.Stale)
        {
            return "stopped sending";
        }

        var word = l.Side == "below" ? "low" : "high";
        if (l.Combined)
        {
            return FormattableString.Invariant($"{word} on {string.Join(", ", l.Evidence.Select(static e => e.Metric.Id))} together (combined {l.Score:+0.0;-0.0}σ; no metric alone beyond k)");
        }

        return string.Join("; ", l.Evidence.Where(static e => e.Beyond).Select(static e => e.RatioToNormal is { } normal
            ? FormattableString.Invariant($"{e.Metric.Id} at {normal:0.#}× its own normal ({e.Score:+0.0;-0.0}σ)")
            : FormattableString.Invariant($"{e.Metric.Id} at {e.RatioToGroup:0.#}× the group's median ({e.Score:+0.0;-0.0}σ)")));
    }

    private static double FleetEndpointsRound(double value) => FleetEndpoints.Round(value);
}
