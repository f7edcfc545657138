namespace Mine.Relay.Routing;

/// <summary>The hash functions of carbon's and carbon-c-relay's rings, on the metric name's bytes.</summary>
internal static class RingHashes
{
    /// <summary>
    /// carbon's ring position: the first two bytes of the MD5 of <paramref name="key"/>, big-endian (0 to 65535).
    /// Python carbon takes int(md5hex[:4], 16), carbon-c-relay (md5[0] &lt;&lt; 8) + md5[1]: the same number.
    /// </summary>
    public static int CarbonPosition(ReadOnlySpan<byte> key) => Md5Prefix.FirstTwoBytes(key);

    /// <summary>32-bit FNV-1a over the bytes, as unsigned bytes.</summary>
    /// <remarks>
    /// carbon-c-relay xors in <c>(unsigned int)*p</c> of a plain (signed on x86) char, which differs for bytes over
    /// 0x7f; it never meets one, because its receiver rewrites every byte of the path outside [A-Za-z0-9] and
    /// <c>-_:#.</c> to '_' before hashing, and the tags are not hashed.
    /// </remarks>
    public static uint Fnv1a32(ReadOnlySpan<byte> key)
    {
        var hash = 2166136261u;
        foreach (var b in key)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }

    /// <summary>carbon-c-relay's <c>fnv1a_ch</c> position: the 32-bit hash folded to 16 bits by xoring its halves.</summary>
    public static int Fnv1aPosition(ReadOnlySpan<byte> key)
    {
        var hash = Fnv1a32(key);
        return (int)((hash >> 16) ^ (hash & 0xffff));
    }

    /// <summary>
    /// What carbon-c-relay hashes: the name up to its first ';'. Its receiver ends the metric there when it meets
    /// tags (dispatcher.c sets <c>firstspace</c> at the ';'), so <c>cpu;dc=eu</c> and <c>cpu;dc=us</c> land together.
    /// </summary>
    public static ReadOnlySpan<byte> PathBeforeTags(ReadOnlySpan<byte> name)
    {
        var semicolon = name.IndexOf((byte)';');
        return semicolon < 0 ? name : name[..semicolon];
    }
}
