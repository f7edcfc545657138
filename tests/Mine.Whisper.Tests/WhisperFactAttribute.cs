namespace Mine.Whisper.Tests;

/// <summary>A test that needs the real whisper module (Debian <c>python3-whisper</c>): skipped without it locally,
/// failed without it in CI (<c>CI=true</c>).</summary>
public sealed class WhisperFactAttribute : FactAttribute
{
    public const string Module = "/usr/lib/python3/dist-packages/whisper.py";

    public WhisperFactAttribute()
    {
        if (!File.Exists(Module) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "python3-whisper not installed (apt-get install python3-whisper)";
        }
    }
}
