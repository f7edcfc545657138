namespace Mine.Relay.Tests.Routing;

/// <summary>
/// A fact that needs a real relay program (Debian's <c>carbon-relay</c> or <c>carbon-c-relay</c>): skipped when it
/// is not installed, except in CI (CI=true), where the test runs and fails on the missing program instead, because
/// .ci/run installs it.
/// </summary>
public sealed class RelayProgramFactAttribute : FactAttribute
{
    public RelayProgramFactAttribute(string program, string package)
    {
        if (!File.Exists(program) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"{program} not installed (apt-get install {package})";
        }
    }
}
