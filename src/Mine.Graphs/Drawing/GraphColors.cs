using System.Globalization;

namespace Mine.Graphs.Drawing;

/// <summary>
/// graphite-web's colour language (glyph.py <c>setColor</c>): its named aliases, <c>rrggbb</c> with or without
/// <c>#</c> or <c>%23</c>, and <c>rrggbbaa</c> whose last byte is the opacity.
/// </summary>
public static class GraphColors
{
    private static readonly Dictionary<string, RgbaColor> Aliases = new(StringComparer.Ordinal)
    {
        ["black"] = new(0, 0, 0),
        ["white"] = new(255, 255, 255),
        ["blue"] = new(100, 100, 255),
        ["green"] = new(0, 200, 0),
        ["red"] = new(200, 0, 50),
        ["yellow"] = new(255, 255, 0),
        ["orange"] = new(255, 165, 0),
        ["purple"] = new(200, 100, 255),
        ["brown"] = new(150, 100, 50),
        ["cyan"] = new(0, 255, 255),
        ["aqua"] = new(0, 150, 150),
        ["gray"] = new(175, 175, 175),
        ["grey"] = new(175, 175, 175),
        ["magenta"] = new(255, 0, 255),
        ["pink"] = new(255, 100, 100),
        ["gold"] = new(200, 200, 0),
        ["rose"] = new(200, 150, 200),
        ["darkblue"] = new(0, 0, 255),
        ["darkgreen"] = new(0, 255, 0),
        ["darkred"] = new(255, 0, 0),
        ["darkgray"] = new(111, 111, 111),
        ["darkgrey"] = new(111, 111, 111),
    };

    /// <summary>graphite-web's default colorList (the "default" graph template).</summary>
    public static IReadOnlyList<string> DefaultColorList { get; } =
        ["blue", "green", "red", "purple", "brown", "yellow", "aqua", "grey", "magenta", "pink", "gold", "rose"];

    /// <summary>
    /// Parses a colour the way setColor does. <paramref name="forceAlpha"/> keeps <paramref name="alpha"/> even
    /// when the text carries its own opacity byte.
    /// </summary>
    /// <exception cref="GraphException">The text is neither an alias nor six or eight hex digits.</exception>
    public static RgbaColor Parse(string value, double alpha = 1.0, bool forceAlpha = false)
    {
        if (Aliases.TryGetValue(value, out var named))
        {
            return named.WithAlpha(alpha);
        }

        if (value.Length >= 6)
        {
            var s = value.AsSpan();
            if (s[0] == '#')
            {
                s = s[1..];
            }

            if (s.StartsWith("%23"))
            {
                s = s[3..];
            }

            if (s.Length >= 6 && TryHexByte(s[0..2], out var r) && TryHexByte(s[2..4], out var g) && TryHexByte(s[4..6], out var b))
            {
                if (s.Length == 8 && !forceAlpha)
                {
                    if (!TryHexByte(s[6..8], out var a))
                    {
                        throw Invalid(value);
                    }

                    alpha = a / 255.0;
                }

                return new RgbaColor(r, g, b, alpha);
            }
        }

        throw Invalid(value);
    }

    /// <summary>True when <see cref="Parse"/> would accept the text.</summary>
    public static bool IsValid(string value)
    {
        try
        {
            Parse(value);
            return true;
        }
        catch (GraphException)
        {
            return false;
        }
    }

    private static bool TryHexByte(ReadOnlySpan<char> text, out byte value)
        => byte.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);

    private static GraphException Invalid(string value)
        => new($"colour '{value}' is not understood: use a name (blue, darkgrey, ...), rrggbb or rrggbbaa hex digits (an optional # may lead)");
}
