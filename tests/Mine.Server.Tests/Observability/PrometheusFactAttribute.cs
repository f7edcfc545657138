namespace Mine.Server.Tests.Observability;

/// <summary>
/// A fact that needs Debian's `prometheus` package (the server and promtool): skipped when it is missing, except in CI
/// (CI=true), where the test runs and fails, because .ci/run installs it.
/// </summary>
public sealed class PrometheusFactAttribute : FactAttribute
{
    public PrometheusFactAttribute()
    {
        if (PrometheusServer.Executable() is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "prometheus is not installed (apt-get install prometheus)";
        }
    }
}
