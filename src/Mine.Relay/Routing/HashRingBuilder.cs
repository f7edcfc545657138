using System.Globalization;
using System.Text;

namespace Mine.Relay.Routing;

/// <summary>
/// Builds the rings of Python carbon (lib/carbon/hashing.py, ConsistentHashRing) and carbon-c-relay
/// (consistent-hash.c, ch_addnode) from the destinations, in configuration order. 100 replicas per destination,
/// the number hard-wired in both.
/// </summary>
internal static class HashRingBuilder
{
    public const int ReplicasPerNode = 100;

    public static HashRing Build(RingFlavour flavour, IReadOnlyList<Destination> destinations) => flavour switch
    {
        RingFlavour.Carbon => Carbon(destinations),
        RingFlavour.CarbonCRelay => CRelay(destinations, CarbonKeyPosition, CompareCarbonCRelay),
        RingFlavour.Fnv1aCRelay => CRelay(destinations, Fnv1aKeyPosition, CompareFnv1aCRelay),
        _ => throw new ArgumentOutOfRangeException(nameof(flavour)),
    };

    /// <summary>
    /// The text both relays hash for replica <paramref name="replica"/> of a carbon_ch node: Python's
    /// <c>"%s:%d" % ((server, instance), i)</c>, the tuple's repr, e.g. <c>('10.0.0.1', 'a'):0</c> or
    /// <c>('10.0.0.3', None):7</c> (carbon-c-relay prints the same with <c>"('%s', %s%s%s):%d"</c>). The port is not in it.
    /// </summary>
    public static string CarbonReplicaKey(Destination destination, int replica) =>
        string.Create(CultureInfo.InvariantCulture, $"('{destination.Host}', {(destination.Instance is null ? "None" : $"'{destination.Instance}'")}):{replica}");

    /// <summary>carbon-c-relay's fnv1a_ch replica key: <c>"%d-%s"</c> of the instance when there is one, else
    /// <c>"%d-%s:%u"</c> of host and port, so two ports of one host are two nodes (unlike carbon_ch).</summary>
    public static string Fnv1aReplicaKey(Destination destination, int replica) =>
        destination.Instance is null
            ? string.Create(CultureInfo.InvariantCulture, $"{replica}-{destination.Host}:{destination.Port}")
            : string.Create(CultureInfo.InvariantCulture, $"{replica}-{destination.Instance}");

    /// <summary>
    /// Python carbon: nodes are added in order, and a replica whose position is taken moves up by one until it is
    /// free (<c>while position in [r[0] for r in self.ring]: position += 1</c>), possibly past 65,535. So the node
    /// added first keeps a contested position, and the order of DESTINATIONS matters.
    /// </summary>
    private static HashRing Carbon(IReadOnlyList<Destination> destinations)
    {
        var taken = new HashSet<int>();
        var entries = new List<(int Position, int Owner)>(destinations.Count * ReplicasPerNode);
        for (var owner = 0; owner < destinations.Count; owner++)
        {
            for (var replica = 0; replica < ReplicasPerNode; replica++)
            {
                var position = CarbonKeyPosition(destinations[owner], replica);
                while (!taken.Add(position))
                {
                    position++;
                }

                entries.Add((position, owner));
            }
        }

        entries.Sort((x, y) => x.Position.CompareTo(y.Position));
        return new HashRing([.. entries.Select(e => e.Position)], [.. entries.Select(e => e.Owner)]);
    }

    /// <summary>
    /// carbon-c-relay: every replica keeps its hashed position; the entries are sorted (qsort) by position and then
    /// the flavour's tie-break, and each entry equal in position to the one before takes that one's server
    /// ("overwrite successive duplicates with the first entry"). So a contested position belongs to the entry that
    /// sorts first, whatever the configuration order, and the other node simply has one replica less. Those
    /// duplicates are dropped here: they lead to the same server, so no lookup or replica walk changes.
    /// </summary>
    private static HashRing CRelay(
        IReadOnlyList<Destination> destinations,
        Func<Destination, int, int> keyPosition,
        Comparison<Destination> tieBreak)
    {
        var entries = new List<(int Position, int Owner)>(destinations.Count * ReplicasPerNode);
        for (var owner = 0; owner < destinations.Count; owner++)
        {
            for (var replica = 0; replica < ReplicasPerNode; replica++)
            {
                entries.Add((keyPosition(destinations[owner], replica), owner));
            }
        }

        entries.Sort((x, y) => x.Position != y.Position
            ? x.Position.CompareTo(y.Position)
            : tieBreak(destinations[x.Owner], destinations[y.Owner]));

        var positions = new List<int>(entries.Count);
        var owners = new List<int>(entries.Count);
        foreach (var (position, owner) in entries)
        {
            if (positions.Count == 0 || positions[^1] != position)
            {
                positions.Add(position);
                owners.Add(owner);
            }
        }

        return new HashRing([.. positions], [.. owners]);
    }

    private static int CarbonKeyPosition(Destination destination, int replica) =>
        RingHashes.CarbonPosition(Encoding.UTF8.GetBytes(CarbonReplicaKey(destination, replica)));

    private static int Fnv1aKeyPosition(Destination destination, int replica) =>
        RingHashes.Fnv1aPosition(Encoding.UTF8.GetBytes(Fnv1aReplicaKey(destination, replica)));

    // Hosts and instances are ASCII (Destination checks), so an ordinal string comparison orders them as strcmp does.

    /// <summary>entrycmp_carbon: host, then instance, an entry without instance after one with.</summary>
    private static int CompareCarbonCRelay(Destination x, Destination y)
    {
        var byHost = string.CompareOrdinal(x.Host, y.Host);
        if (byHost != 0)
        {
            return byHost;
        }

        return (x.Instance, y.Instance) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            _ => string.CompareOrdinal(x.Instance, y.Instance),
        };
    }

    /// <summary>entrycmp_fnv1a: host, then port (the instance is not looked at, even when it made the key).</summary>
    private static int CompareFnv1aCRelay(Destination x, Destination y)
    {
        var byHost = string.CompareOrdinal(x.Host, y.Host);
        return byHost != 0 ? byHost : x.Port.CompareTo(y.Port);
    }
}
