using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mine.Alerts.Tracking;

/// <summary>
/// <c>alerts.json</c> in the data folder: the firing and resolving alerts, written after each evaluation that
/// changed them (to a temporary file, then renamed, so a crash leaves the old or the new file). A restart reads it
/// back, so an alert already sent is not sent again, and one that clears while Mine was down is resolved.
/// A file that cannot be read (damaged) is set aside as <c>alerts.json.bad</c> and Mine starts with no alerts:
/// at worst, firing alerts are sent once more.
/// </summary>
public sealed class AlertStateFile(string dataDirectory)
{
    internal static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) }, WriteIndented = false };

    public string Path { get; } = System.IO.Path.Combine(dataDirectory, "alerts.json");

    public IReadOnlyList<AlertView> Load()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<AlertView>>(File.ReadAllText(Path), Json) ?? [];
        }
        catch (JsonException)
        {
            File.Move(Path, Path + ".bad", overwrite: true);
            return [];
        }
    }

    /// <summary>Writes the active alerts; throws IOException when the disk refuses (the caller shows it and tries
    /// again at the next evaluation).</summary>
    public void Save(IEnumerable<AlertView> alerts)
    {
        var temp = Path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(alerts.Where(static a => a.Phase != AlertPhase.Pending).ToList(), Json));
        File.Move(temp, Path, overwrite: true);
    }
}
