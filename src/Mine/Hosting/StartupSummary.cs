using System.Reflection;
using System.Text;

namespace Mine.Hosting;

/// <summary>
/// The block `serve` and `relay` print once every listener is bound: a title, then aligned "label  value" lines in
/// the order they were added. A value can be computed when the block is printed (a listener's bound address,
/// with the true port when 0 was asked for), so every part of the host adds its line while the host is built.
/// </summary>
public sealed class StartupSummary
{
    private readonly List<(string Label, Func<string> Value)> _lines = [];

    /// <summary>The first line, e.g. "mine 1.0.0: serve started".</summary>
    public string Title { get; set; } = $"mine {Version}";

    /// <summary>Mine's version, as <c>mine version</c> prints it.</summary>
    public static string Version { get; } =
        typeof(StartupSummary).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.1.0";

    public void Add(string label, string value) => _lines.Add((label, () => value));

    /// <summary>A line whose value is computed when the block is rendered.</summary>
    public void Add(string label, Func<string> value) => _lines.Add((label, value));

    /// <summary>The block: the title, then each line indented with its values aligned, ending with a newline.</summary>
    public string Render()
    {
        var values = _lines.Select(static l => (l.Label, Value: l.Value())).ToList();
        var width = values.Count == 0 ? 0 : values.Max(static l => l.Label.Length);
        var text = new StringBuilder(Title).Append('\n');
        foreach (var (label, value) in values)
        {
            text.Append("  ").Append(label.PadRight(width)).Append("  ").Append(value).Append('\n');
        }

        return text.ToString();
    }
}
