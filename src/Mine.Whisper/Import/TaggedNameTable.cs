using System.Security.Cryptography;
using System.Text;

namespace Mine.Whisper.Import;

/// <summary>
/// The names of tagged series that carbon stored under their hash (<c>TAG_HASH_FILENAMES = True</c>, carbon's
/// default: <c>_tagged/abc/def/SHA256.wsp</c>). The file's path keeps only the SHA-256 of the series' name, so the
/// name must come from where carbon registered it: graphite-web's tag database (<c>--tag-names</c>). Each name is
/// hashed as carbon's <c>TaggedSeries.encode</c> hashes it: SHA-256 of its UTF-8 bytes, in lower-case hex.
/// </summary>
public sealed class TaggedNameTable
{
    private readonly Dictionary<string, string> _byHash = new(StringComparer.Ordinal);

    public static TaggedNameTable Empty { get; } = new([]);

    public TaggedNameTable(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var raw in names)
        {
            var name = raw.Trim();
            if (name.Contains(';', StringComparison.Ordinal))
            {
                _byHash[Hash(name)] = name;
            }
        }
    }

    /// <summary>Tagged names known.</summary>
    public int Count => _byHash.Count;

    /// <summary>The name whose hash a hashed file carries, if known.</summary>
    public bool TryResolve(string hash, out string name) => _byHash.TryGetValue(hash, out name!);

    /// <summary>carbon's hash of a tagged series' name.</summary>
    public static string Hash(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
}
