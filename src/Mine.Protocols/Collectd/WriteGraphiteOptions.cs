using System.Text;

namespace Mine.Protocols.Collectd;

/// <summary>
/// write_graphite's per-Node options with collectd 5.12's defaults (<c>src/write_graphite.c</c> wg_config_node:
/// escape '_', flags = GRAPHITE_STORE_RATES only). UseTags is not supported.
/// </summary>
public sealed record WriteGraphiteOptions
{
    // format_graphite.c GRAPHITE_FORBIDDEN; collectd asserts the escape character is not one of them.
    internal static ReadOnlySpan<byte> Forbidden => " \t\"\\:!,/()\n\r"u8;

    /// <summary>Prepended raw to the host (no dot added: users write <c>collectd.</c>).</summary>
    public string Prefix { get; init; } = "";

    /// <summary>Appended raw after the host.</summary>
    public string Postfix { get; init; } = "";

    /// <summary>Replaces dots, whitespace, control and forbidden characters. One ASCII byte, as in collectd.</summary>
    public char EscapeCharacter { get; init; } = '_';

    /// <summary>COUNTER, DERIVE and ABSOLUTE are sent as per-second rates rather than raw values.</summary>
    public bool StoreRates { get; init; } = true;

    /// <summary>Instances become their own path component (<c>plugin.instance</c>) instead of <c>plugin-instance</c>.</summary>
    public bool SeparateInstances { get; init; }

    /// <summary>Appends the data-source name even for single-DS types (<c>….value</c>).</summary>
    public bool AlwaysAppendDS { get; init; }

    /// <summary>Keeps dots inside fields instead of escaping them.</summary>
    public bool PreserveSeparator { get; init; }

    /// <summary>
    /// format_graphite.c gr_format_name with GRAPHITE_DROP_DUPE_FIELDS: when plugin equals type (after escaping),
    /// the type part is just the type instance (if any); and when a DS name is appended and the plugin part
    /// equals the type part, the type part is dropped. E.g. <c>memory/memory-used</c> → <c>host.memory.used</c>,
    /// <c>load/load</c> → <c>host.load.shortterm</c>. A single-DS <c>uptime/uptime</c> keeps <c>uptime.uptime</c>.
    /// </summary>
    public bool DropDuplicateFields { get; init; }

    /// <summary>Reverses the host's dot-separated labels (<c>a.example.com</c> → <c>com.example.a</c>) before escaping.</summary>
    public bool ReverseHost { get; init; }

    /// <summary>
    /// Interval assumed for a value list that carries interval 0 (collectd substitutes its own Interval, 10 s by
    /// default, in plugin_dispatch_values). Used by ABSOLUTE's first sample and by rate-state eviction.
    /// </summary>
    public TimeSpan DefaultInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Identifiers whose names are cached before the cache is reset (bounds memory under identifier churn).</summary>
    public int MaxCachedIdentifiers { get; init; } = 200_000;

    internal byte EscapeByte => (byte)EscapeCharacter;

    internal byte[] PrefixUtf8 => Encoding.UTF8.GetBytes(Prefix);

    internal byte[] PostfixUtf8 => Encoding.UTF8.GetBytes(Postfix);

    /// <summary>Throws when an option collectd would refuse (or assert on) is set.</summary>
    public void Validate()
    {
        if (EscapeCharacter is < (char)0x21 or > (char)0x7E || Forbidden.Contains((byte)EscapeCharacter))
        {
            throw new ArgumentException(
                $"EscapeCharacter must be a printable ASCII character other than {Encoding.ASCII.GetString(Forbidden).Trim()} and space.",
                nameof(EscapeCharacter));
        }

        if (DefaultInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("DefaultInterval must be positive.", nameof(DefaultInterval));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCachedIdentifiers, 1);
    }
}
