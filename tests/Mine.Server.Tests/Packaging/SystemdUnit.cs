namespace Mine.Server.Tests.Packaging;

/// <summary>The [Service] settings of an installed systemd unit that the test checks and starts by.</summary>
internal sealed record SystemdUnit(IReadOnlyDictionary<string, string> Service)
{
    public string User => Service["User"];

    public string WorkingDirectory => Service["WorkingDirectory"];

    /// <summary>ExecStart split on spaces (the unit quotes nothing).</summary>
    public IReadOnlyList<string> ExecStart => Service["ExecStart"].Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static SystemdUnit Read(string path)
    {
        var service = new Dictionary<string, string>(StringComparer.Ordinal);
        var section = "";
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                section = line;
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (section == "[Service]" && equals > 0)
            {
                service[line[..equals].Trim()] = line[(equals + 1)..].Trim();
            }
        }

        return new SystemdUnit(service);
    }
}
