using System.Diagnostics;
using System.Text.Json;

namespace Mine.Whisper.Tests.Reading;

/// <summary>
/// Whisper files written by the real whisper module (make_whisper_files.py) in a temporary folder, with what
/// whisper.fetch returned from each archive at the script's fixed <c>now</c>.
/// </summary>
public sealed class RealWhisperFiles : IDisposable
{
    public RealWhisperFiles()
    {
        Folder = Directory.CreateTempSubdirectory("mine-whisper-").FullName;
        if (!File.Exists(WhisperFactAttribute.Module))
        {
            return; // the tests fail or skip by their attribute
        }

        var script = Path.Combine(AppContext.BaseDirectory, "make_whisper_files.py");
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, Folder]) { RedirectStandardError = true })!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"make_whisper_files.py failed: {errors}");
        }

        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json")));
        Now = expected.RootElement.GetProperty("now").GetInt64();
        Files = [.. expected.RootElement.GetProperty("files").EnumerateArray().Select(ExpectedFile.From)];
    }

    public string Folder { get; }

    public long Now { get; }

    public IReadOnlyList<ExpectedFile> Files { get; } = [];

    public string PathOf(string name) => System.IO.Path.Combine(Folder, name + ".wsp");

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    public sealed record ExpectedFile(string Name, string AggregationMethod, float XFilesFactor, long MaxRetention,
        IReadOnlyList<(int Step, int Points)> Archives, IReadOnlyList<IReadOnlyList<(long Time, double Value)>> Points)
    {
        public static ExpectedFile From(JsonElement file) => new(
            file.GetProperty("name").GetString()!,
            file.GetProperty("aggregationMethod").GetString()!,
            file.GetProperty("xFilesFactor").GetSingle(),
            file.GetProperty("maxRetention").GetInt64(),
            [.. file.GetProperty("archives").EnumerateArray().Select(a => (a[0].GetInt32(), a[1].GetInt32()))],
            [.. file.GetProperty("points").EnumerateArray().Select(archive =>
                (IReadOnlyList<(long, double)>)[.. archive.EnumerateArray().Select(p => (p[0].GetInt64(), p[1].GetDouble()))])]);

        public override string ToString() => Name;
    }
}
