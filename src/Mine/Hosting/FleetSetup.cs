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
            GraphiteHostNode = HostNode(fleet.GraphiteHostNode),
            GraphitePrefix = fleet.GraphitePrefix,
            Grouping = new HostGrouping(fleet.GroupRules),
            IntervalSeconds = fleet.IntervalSeconds,
            StaleIntervals = fleet.StaleIntervals,
        };
        rules.Validate();
        return rules;
    }

    /// <summary>The default host node: learnt from the paths.</summary>
    public const string AutoHostNode = "auto";

    /// <summary>Deepest host node that can be set: deeper than any Graphite layout in use.</summary>
    internal const int MaxHostNode = 32;

    /// <summary>The host node setting as the rules take it: null for auto, -1 for none, else the node.</summary>
    internal static int? HostNode(string? value)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0 || text.Equals(AutoHostNode, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var node) && node is >= -1 and <= MaxHostNode)
        {
            return node;
        }

        throw new FormatException($"--host-node (Mine:Fleet:GraphiteHostNode) '{value}' is not auto or a node number from -1 to {MaxHostNode}: use auto (the default), 0 for HOST.…, 1 for servers.HOST.…, or -1 to ignore Graphite paths.");
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
