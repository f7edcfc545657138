using Mine.Fleet;
using Mine.Protocols.Collectd;

namespace Mine.Hosting;

/// <summary>Turns the Fleet settings into the registry's rules, with errors that name the option.</summary>
internal static class FleetSetup
{
    public static FleetRules Rules(MineOptions options)
    {
        var fleet = options.Fleet;
        var rules = new FleetRules
        {
            GraphiteHostNode = fleet.GraphiteHostNode,
            GraphitePrefix = fleet.GraphitePrefix,
            Grouping = new HostGrouping(fleet.GroupRules),
            IntervalSeconds = fleet.IntervalSeconds,
            StaleIntervals = fleet.StaleIntervals,
        };
        rules.Validate();
        return rules;
    }

    /// <summary>A collectd host's series root: write_graphite's name of a value list, without the plugin and type
    /// (so prefix, postfix, escaping and reversed host names are exactly the converter's).</summary>
    public static Func<string, string> CollectdRoot(WriteGraphiteConverter converter)
    {
        var namer = new WriteGraphiteNamer(converter.Namer.Options);
        return host =>
        {
            var name = namer.FormatName(host, "p", "", "t", "");
            return name.EndsWith(".p.t", StringComparison.Ordinal) ? name[..^4] : host;
        };
    }
}
