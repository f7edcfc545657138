using System.Collections.Concurrent;
using SkiaSharp;

namespace Mine.Graphs.Drawing;

/// <summary>
/// Finds the typeface for a <see cref="FontSpec"/>. graphite-web asks cairo for "Sans", which fontconfig resolves
/// to DejaVu Sans on Debian; Mine carries DejaVu Sans in its assembly (Skia's dependency-free Linux build has no
/// fontconfig), so graphs look the same on any machine. Other family names are looked up among the font files of
/// the usual system folders, and fall back to DejaVu Sans when none matches.
/// </summary>
public sealed class FontLibrary
{
    /// <summary>Names that mean the built-in family.</summary>
    private static readonly HashSet<string> BuiltInNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Sans", "sans-serif", "Sans Serif", "DejaVu Sans", "DejaVuSans", "Helvetica", "Arial", "Verdana", "default",
    };

    private static readonly string[] SystemFontFolders = ["/usr/share/fonts", "/usr/local/share/fonts", Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".fonts")];

    private readonly ConcurrentDictionary<(string Name, bool Bold, bool Italic), SKTypeface> _resolved = new();
    private readonly Lazy<Dictionary<string, List<string>>> _systemFonts = new(ScanSystemFonts);
    private readonly SKTypeface[] _builtIn;

    private FontLibrary()
    {
        _builtIn =
        [
            LoadEmbedded("DejaVuSans.ttf"),
            LoadEmbedded("DejaVuSans-Bold.ttf"),
            LoadEmbedded("DejaVuSans-Oblique.ttf"),
            LoadEmbedded("DejaVuSans-BoldOblique.ttf"),
        ];
    }

    public static FontLibrary Shared { get; } = new();

    /// <summary>The family the SVG output names first, so viewers with DejaVu Sans show what the PNG shows.</summary>
    public const string BuiltInFamily = "DejaVu Sans";

    public SKTypeface Resolve(FontSpec font)
        => _resolved.GetOrAdd((font.Name, font.Bold, font.Italic), static (key, self) => self.Find(key.Name, key.Bold, key.Italic), this);

    /// <summary>True when the name resolves to Mine's built-in DejaVu Sans.</summary>
    public bool IsBuiltIn(FontSpec font) => Array.IndexOf(_builtIn, Resolve(font)) >= 0;

    private SKTypeface Find(string name, bool bold, bool italic)
    {
        var builtIn = _builtIn[(bold ? 1 : 0) + (italic ? 2 : 0)];
        if (BuiltInNames.Contains(name) || !_systemFonts.Value.TryGetValue(name, out var files))
        {
            return builtIn;
        }

        SKTypeface? best = null;
        var bestScore = int.MaxValue;
        foreach (var file in files)
        {
            var typeface = SKTypeface.FromFile(file);
            if (typeface is null)
            {
                continue;
            }

            var isBold = typeface.FontStyle.Weight >= (int)SKFontStyleWeight.SemiBold;
            var isItalic = typeface.FontStyle.Slant != SKFontStyleSlant.Upright;
            var score = (isBold == bold ? 0 : 2) + (isItalic == italic ? 0 : 1) + (typeface.FontStyle.Width == (int)SKFontStyleWidth.Normal ? 0 : 4);
            if (score < bestScore)
            {
                best?.Dispose();
                best = typeface;
                bestScore = score;
            }
            else
            {
                typeface.Dispose();
            }
        }

        return best ?? builtIn;
    }

    private static SKTypeface LoadEmbedded(string file)
    {
        using var stream = typeof(FontLibrary).Assembly.GetManifestResourceStream("Mine.Graphs.Fonts." + file)
            ?? throw new InvalidOperationException($"font {file} is missing from the Mine.Graphs assembly (Fonts/*.ttf are embedded by the project file)");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"font {file} could not be read");
    }

    /// <summary>Family name → font files, from the system folders (read once, on the first unknown family).</summary>
    private static Dictionary<string, List<string>> ScanSystemFonts()
    {
        var families = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var folder in SystemFontFolders.Where(Directory.Exists))
        {
            IEnumerable<string> files;
            try
            {
                files = Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
                    .Where(static f => f.EndsWith(".ttf", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".otf", StringComparison.OrdinalIgnoreCase))
                    .ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var file in files)
            {
                using var typeface = SKTypeface.FromFile(file);
                if (typeface?.FamilyName is { Length: > 0 } family)
                {
                    if (!families.TryGetValue(family, out var list))
                    {
                        families[family] = list = [];
                    }

                    list.Add(file);
                }
            }
        }

        return families;
    }
}
