namespace Mine.Graphs.Graphs;

/// <summary>
/// Graph templates (graphite-web's graphTemplates.conf sections): colours and font a <c>template=</c> parameter
/// selects. "default" is graphite-web's built-in look; the others are the sections of graphite-web's shipped
/// graphTemplates.conf.example (noc, solarized-dark, ...), which Mine offers without a configuration file. Unknown names use the default, as
/// graphite-web does.
/// </summary>
public sealed record GraphTemplate(
    string Background,
    string Foreground,
    string MajorLine,
    string MinorLine,
    IReadOnlyList<string> LineColors,
    string FontName,
    double FontSize,
    bool FontBold,
    bool FontItalic)
{
    public static GraphTemplate Default { get; } = new(
        "white", "black", "rose", "grey", ["blue", "green", "red", "purple", "brown", "yellow", "aqua", "grey", "magenta", "pink", "gold", "rose"],
        "Sans", 10, false, false);

    private static readonly Dictionary<string, GraphTemplate> Templates = new(StringComparer.Ordinal)
    {
        ["default"] = Default,
        ["solarized-light"] = Default with { Background = "#fdf6e3", Foreground = "#657b83", MajorLine = "#073642", MinorLine = "#586e75", LineColors = ["268bd2aa", "859900aa", "dc322faa", "d33682aa", "db4b16aa", "b58900aa", "2aa198aa", "6c71c4aa"] },
        ["solarized-dark"] = Default with { Background = "#002b36", Foreground = "#839496", MajorLine = "#fdf6e3", MinorLine = "#eee8d5", LineColors = ["268bd2aa", "859900aa", "dc322faa", "d33682aa", "db4b16aa", "b58900aa", "2aa198aa", "6c71c4aa"] },
        ["classic"] = Default with { Background = "black", Foreground = "white", MajorLine = "white", MinorLine = "grey", LineColors = ["blue", "green", "red", "purple", "brown", "yellow", "aqua", "grey", "magenta", "pink", "gold", "rose"] },
        ["noc"] = Default with { Background = "black", Foreground = "white", MajorLine = "white", MinorLine = "grey", LineColors = ["blue", "green", "red", "yellow", "purple", "brown", "aqua", "grey", "magenta", "pink", "gold", "rose"] },
        ["summary"] = Default with { Background = "black", LineColors = ["#6666ff", "#66ff66", "#ff6666"] },
        ["alphas"] = Default with { Background = "white", Foreground = "black", MajorLine = "grey", MinorLine = "rose", LineColors = ["00ff00aa", "ff000077", "00337799"] },
        ["grafana"] = Default with { Background = "white", Foreground = "black", MajorLine = "rose", MinorLine = "grey", LineColors = ["#7eb26d", "#eab839", "#6ed0e0", "#ef843c", "#e24d42", "#1f78c1", "#ba43a9", "#705da0", "#508642", "#cca300", "#447ebc"] },
        ["ocean1"] = Default with { LineColors = ["f7fcf0", "e0f3db", "ccebc5", "a8ddb5", "7bccc4", "4eb3d3", "2b8cbe", "0868ac", "084081"] },
        ["ocean2"] = Default with { LineColors = ["084081", "0868ac", "2b8cbe", "4eb3d3", "7bccc4", "a8ddb5", "ccebc5", "e0f3db", "f7fcf0"] },
        ["forest1"] = Default with { LineColors = ["f7fcf5", "e5f5e0", "c7e9c0", "a1d99b", "74c476", "41ab5d", "238b45", "005a32"] },
        ["forest2"] = Default with { LineColors = ["005a32", "238b45", "41ab5d", "74c476", "a1d99b", "c7e9c0", "e5f5e0", "f7fcf5"] },
        ["sunset1"] = Default with { LineColors = ["fff5eb", "fee6ce", "fdd0a2", "fdae6b", "fd8d3c", "f16913", "d94801", "8c2d04"] },
        ["sunset2"] = Default with { LineColors = ["8c2d04", "d94801", "f16913", "fd8d3c", "fdae6b", "fdd0a2", "fee6ce", "fff5eb"] },
        ["moonlight1"] = Default with { LineColors = ["fcfbfd", "efedf5", "dadaeb", "bcbddc", "9e9ac8", "807dba", "6a51a3", "4a1486"] },
        ["moonlight2"] = Default with { LineColors = ["4a1486", "6a51a3", "807dba", "9e9ac8", "bcbddc", "dadaeb", "efedf5", "fcfbfd"] },
        ["lava1"] = Default with { LineColors = ["fff5f0", "fee0d2", "fcbba1", "fc9272", "fb6a4a", "ef3b2c", "cb181d", "99000d"] },
        ["lava2"] = Default with { LineColors = ["99000d", "cb181d", "ef3b2c", "fb6a4a", "fc9272", "fcbba1", "fee0d2", "fff5f0"] },
    };

    public static IReadOnlyCollection<string> Names => Templates.Keys;

    public static GraphTemplate Find(string? name) => name is not null && Templates.TryGetValue(name, out var template) ? template : Default;
}
