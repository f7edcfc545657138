namespace Mine.Relay.Tests.Routing;

/// <summary>The theory form of <see cref="RelayProgramFactAttribute"/>.</summary>
public sealed class RelayProgramTheoryAttribute : TheoryAttribute
{
    public RelayProgramTheoryAttribute(string program, string package)
    {
        if (!File.Exists(program) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"{program} not installed (apt-get install {package})";
        }
    }
}
