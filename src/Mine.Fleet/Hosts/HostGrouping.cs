using System.Text.RegularExpressions;

namespace Mine.Fleet;

/// <summary>
/// Which group a host belongs to. Configured rules (regular expressions matched against the whole host name) are
/// tried in order; the first that matches gives the group: its capture named <c>group</c>, else its first capture,
/// else the whole match. When none matches, the default rule applies: the host's first DNS label without its
/// trailing number and separators (<c>web-017</c> and <c>web-017.dc1.example.com</c> → <c>web</c>, <c>db01</c> →
/// <c>db</c>). A name that is nothing but a number (<c>10.0.0.17</c>) is its own group.
/// </summary>
public sealed class HostGrouping
{
    private readonly Regex[] _rules;

    public HostGrouping(IEnumerable<string>? rules = null)
    {
        var compiled = new List<Regex>();
        foreach (var rule in rules ?? [])
        {
            if (string.IsNullOrWhiteSpace(rule))
            {
                continue;
            }

            try
            {
                compiled.Add(new Regex(rule, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)));
            }
            catch (ArgumentException ex)
            {
                throw new FormatException($"Fleet:GroupRules: '{rule}' is not a valid regular expression: {ex.Message}", ex);
            }
        }

        _rules = compiled.ToArray();
    }

    public static HostGrouping Default { get; } = new();

    public int RuleCount => _rules.Length;

    public string GroupOf(string host)
    {
        foreach (var rule in _rules)
        {
            Match match;
            try
            {
                match = rule.Match(host);
            }
            catch (RegexMatchTimeoutException)
            {
                continue;
            }

            if (!match.Success)
            {
                continue;
            }

            var named = match.Groups["group"];
            var group = named.Success ? named.Value : match.Groups.Count > 1 && match.Groups[1].Success ? match.Groups[1].Value : match.Value;
            if (group.Length > 0)
            {
                return group;
            }
        }

        return DefaultGroup(host);
    }

    /// <summary>The default rule: first label, trailing digits and separators (<c>-_.</c>) removed.</summary>
    public static string DefaultGroup(string host)
    {
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        var label = dot > 0 ? host[..dot] : host;
        var stripped = StripNumber(label);
        return stripped.Length > 0 ? stripped : host;
    }

    private static string StripNumber(string label)
    {
        var end = label.Length;
        while (end > 0 && (char.IsAsciiDigit(label[end - 1]) || label[end - 1] is '-' or '_' or '.'))
        {
            end--;
        }

        // Separators alone are not a number: "web-" stays "web-".
        return end == label.Length || HasDigit(label.AsSpan(end)) ? label[..end] : label;
    }

    private static bool HasDigit(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                return true;
            }
        }

        return false;
    }
}
