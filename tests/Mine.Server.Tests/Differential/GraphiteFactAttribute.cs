namespace Mine.Server.Tests.Differential;

/// <summary>
/// A fact that needs the real graphite-web (Debian's graphite-web, graphite-carbon, python3-whisper, gunicorn):
/// skipped when they are not installed, except in CI (CI=true), where the test runs and fails if the reference
/// cannot be started, because .ci/run installs the packages.
/// </summary>
public sealed class GraphiteFactAttribute : FactAttribute
{
    public GraphiteFactAttribute()
    {
        if (GraphiteReference.MissingPackages() is { } missing && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"graphite-web reference not installed ({missing}; apt-get install graphite-web graphite-carbon python3-whisper gunicorn)";
        }
    }
}
