using System.Globalization;
using System.Text;
using Mine.Graphs.Drawing;

namespace Mine.Graphs.Output;

/// <summary>
/// Writes a <see cref="Scene"/> as SVG text with graphite-web's structure: everything inside
/// <c>&lt;g class="graphite"&gt;</c>, one group per part (<c>title</c>, <c>legend</c>, <c>axes</c>, <c>grid</c>,
/// <c>lines</c>), and the graph's metadata as <c>metadata = {...}</c> in a closing script element, which tools
/// written for graphite-web read. Text stays text (searchable, accessible), in DejaVu Sans like the PNG.
/// </summary>
public static class SvgWriter
{
    public static string Write(Scene scene, string? metadataJson)
    {
        var svg = new StringBuilder(4096 + (scene.Items.Count * 64));
        svg.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{scene.Width}px\" height=\"{scene.Height}px\" viewBox=\"0 0 {scene.Width} {scene.Height}\" version=\"1.1\">\n");
        svg.Append("<g class=\"graphite\">\n");

        // Groups opened for clips, per save level; the part group (title, legend...) around them.
        var clipGroups = new Stack<int>();
        clipGroups.Push(0);
        var partOpen = false;
        var clipIds = 0;
        foreach (var item in scene.Items)
        {
            switch (item)
            {
                case GroupItem group:
                    CloseAllClips(svg, clipGroups);
                    if (partOpen)
                    {
                        svg.Append("</g>\n");
                    }

                    svg.Append("<g class=\"").Append(Escape(group.Name)).Append("\">\n");
                    partOpen = true;
                    break;
                case FillItem fill:
                    svg.Append("<path d=\"");
                    AppendPath(svg, fill.Path);
                    svg.Append("\" fill=\"").Append(fill.Color.ToHex()).Append('"');
                    AppendOpacity(svg, "fill-opacity", fill.Color.Alpha);
                    svg.Append("/>\n");
                    break;
                case StrokeItem stroke:
                    AppendStroke(svg, stroke);
                    break;
                case TextItem text:
                    AppendText(svg, text);
                    break;
                case SaveItem:
                    clipGroups.Push(0);
                    break;
                case RestoreItem:
                    if (clipGroups.Count > 1)
                    {
                        CloseGroups(svg, clipGroups.Pop());
                    }

                    break;
                case ClipItem clip:
                    var id = "clip" + (++clipIds).ToString(CultureInfo.InvariantCulture);
                    svg.Append("<clipPath id=\"").Append(id).Append("\"><path d=\"");
                    AppendPath(svg, clip.Path);
                    svg.Append("\" clip-rule=\"nonzero\"/></clipPath>\n");
                    svg.Append("<g clip-path=\"url(#").Append(id).Append(")\">\n");
                    clipGroups.Push(clipGroups.Pop() + 1);
                    break;
            }
        }

        CloseAllClips(svg, clipGroups);
        if (partOpen)
        {
            svg.Append("</g>\n");
        }

        svg.Append("</g>\n");
        if (metadataJson is not null)
        {
            svg.Append("<script>\n  <![CDATA[\n    metadata = ");
            AppendCData(svg, ScriptSafeJson(metadataJson));
            svg.Append("\n  ]]>\n</script>\n");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void CloseAllClips(StringBuilder svg, Stack<int> clipGroups)
    {
        var levels = clipGroups.Count;
        var total = 0;
        while (clipGroups.Count > 0)
        {
            total += clipGroups.Pop();
        }

        for (var i = 0; i < levels; i++)
        {
            clipGroups.Push(0);
        }

        CloseGroups(svg, total);
    }

    private static void CloseGroups(StringBuilder svg, int count)
    {
        for (var i = 0; i < count; i++)
        {
            svg.Append("</g>\n");
        }
    }

    private static void AppendStroke(StringBuilder svg, StrokeItem stroke)
    {
        svg.Append("<path d=\"");
        AppendPath(svg, stroke.Path);
        svg.Append("\" fill=\"none\" stroke=\"").Append(stroke.Color.ToHex()).Append('"');
        AppendOpacity(svg, "stroke-opacity", stroke.Color.Alpha);
        svg.Append(" stroke-width=\"");
        AppendNumber(svg, stroke.Width);
        svg.Append('"');
        if (stroke.Cap != LineCap.Butt)
        {
            svg.Append(" stroke-linecap=\"").Append(stroke.Cap == LineCap.Round ? "round" : "square").Append('"');
        }

        if (stroke.Join != LineJoin.Miter)
        {
            svg.Append(" stroke-linejoin=\"").Append(stroke.Join == LineJoin.Round ? "round" : "bevel").Append('"');
        }

        if (stroke.Dash is { } dash)
        {
            svg.Append(" stroke-dasharray=\"");
            for (var i = 0; i < dash.Count; i++)
            {
                if (i > 0)
                {
                    svg.Append(',');
                }

                AppendNumber(svg, dash[i]);
            }

            svg.Append("\" stroke-dashoffset=\"1\"");
        }

        svg.Append("/>\n");
    }

    private static void AppendText(StringBuilder svg, TextItem text)
    {
        svg.Append("<text x=\"");
        AppendNumber(svg, text.X);
        svg.Append("\" y=\"");
        AppendNumber(svg, text.Y);
        svg.Append("\" font-family=\"");
        var family = FontLibrary.Shared.IsBuiltIn(text.Font) ? FontLibrary.BuiltInFamily + ", " + text.Font.Name : text.Font.Name;
        svg.Append(Escape(family)).Append(", sans-serif\" font-size=\"");
        AppendNumber(svg, text.Font.Size);
        svg.Append('"');
        if (text.Font.Bold)
        {
            svg.Append(" font-weight=\"bold\"");
        }

        if (text.Font.Italic)
        {
            svg.Append(" font-style=\"italic\"");
        }

        svg.Append(" fill=\"").Append(text.Color.ToHex()).Append('"');
        AppendOpacity(svg, "fill-opacity", text.Color.Alpha);
        if (text.RotationDegrees != 0)
        {
            svg.Append(" transform=\"rotate(");
            AppendNumber(svg, text.RotationDegrees);
            svg.Append(' ');
            AppendNumber(svg, text.X);
            svg.Append(' ');
            AppendNumber(svg, text.Y);
            svg.Append(")\"");
        }

        svg.Append(" xml:space=\"preserve\">").Append(Escape(text.Text)).Append("</text>\n");
    }

    private static void AppendOpacity(StringBuilder svg, string attribute, double alpha)
    {
        if (alpha < 1)
        {
            svg.Append(' ').Append(attribute).Append("=\"");
            AppendNumber(svg, Math.Max(0, alpha));
            svg.Append('"');
        }
    }

    private static void AppendPath(StringBuilder svg, GraphPath path)
    {
        var first = true;
        foreach (var element in path.Elements)
        {
            if (!first)
            {
                svg.Append(' ');
            }

            first = false;
            switch (element.Verb)
            {
                case PathVerb.Move:
                    svg.Append("M ");
                    AppendNumber(svg, element.X);
                    svg.Append(' ');
                    AppendNumber(svg, element.Y);
                    break;
                case PathVerb.Line:
                    svg.Append("L ");
                    AppendNumber(svg, element.X);
                    svg.Append(' ');
                    AppendNumber(svg, element.Y);
                    break;
                default:
                    svg.Append('Z');
                    break;
            }
        }
    }

    /// <summary>
    /// A coordinate with at most two decimals (a hundredth of a pixel), without trailing zeros, written from integer
    /// arithmetic: a 20-series graph has tens of thousands of them.
    /// </summary>
    private static void AppendNumber(StringBuilder svg, double value)
    {
        if (!double.IsFinite(value) || Math.Abs(value) > 1e15)
        {
            svg.Append('0');
            return;
        }

        var hundredths = (long)Math.Round(value * 100, MidpointRounding.AwayFromZero);
        if (hundredths < 0)
        {
            svg.Append('-');
            hundredths = -hundredths;
        }

        Span<char> digits = stackalloc char[24];
        (hundredths / 100).TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        svg.Append(digits[..written]);
        var fraction = (int)(hundredths % 100);
        if (fraction != 0)
        {
            svg.Append('.').Append((char)('0' + (fraction / 10)));
            if (fraction % 10 != 0)
            {
                svg.Append((char)('0' + (fraction % 10)));
            }
        }
    }

    /// <summary>
    /// JSON that cannot end the script or its CDATA section, whatever the series names hold: &lt;, &gt; and &amp;
    /// (which can only occur inside JSON strings) written as \u escapes, the same string to a JSON parser.
    /// graphite-web writes them raw, so a series named <c>a]]&gt;&lt;/script&gt;&lt;script&gt;...</c> becomes
    /// a script of its own in its SVG.
    /// </summary>
    internal static string ScriptSafeJson(string json)
        => json.AsSpan().IndexOfAny("<>&") < 0
            ? json
            : json.Replace("<", "\\u003c", StringComparison.Ordinal).Replace(">", "\\u003e", StringComparison.Ordinal).Replace("&", "\\u0026", StringComparison.Ordinal);

    /// <summary>Text inside a CDATA section: a <c>]]&gt;</c> in it is split across two sections, so it stays data.</summary>
    internal static void AppendCData(StringBuilder svg, string text)
        => svg.Append(text.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal));

    private static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("<>&\"'") < 0 && !HasControl(text))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '&': escaped.Append("&amp;"); break;
                case '"': escaped.Append("&quot;"); break;
                case '\'': escaped.Append("&apos;"); break;
                default:
                    // XML 1.0 forbids most control characters and U+FFFE/U+FFFF even as references: drop them.
                    if ((c >= ' ' && c is not ('\uFFFE' or '\uFFFF')) || c is '\t' or '\n' or '\r')
                    {
                        escaped.Append(c);
                    }

                    break;
            }
        }

        return escaped.ToString();
    }

    private static bool HasControl(string text)
    {
        foreach (var c in text)
        {
            if (c < ' ' || c == '\uFFFE' || c == '\uFFFF')
            {
                return true;
            }
        }

        return false;
    }
}
