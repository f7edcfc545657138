using System.Diagnostics;

namespace Mine.Ui.Tests;

/// <summary>
/// A fact that runs vitest, which needs Node.js 20 or later while building the UI needs only 18 (Debian 12's own):
/// skipped locally under an older node, with the reason; in CI (CI=true) it runs and fails instead.
/// </summary>
public sealed class VitestFactAttribute : FactAttribute
{
    public const int MinimumNodeMajor = 20;

    public VitestFactAttribute()
    {
        if (NodeMajorVersion() is { } major && major < MinimumNodeMajor && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"vitest needs Node.js {MinimumNodeMajor} or later, the node on the PATH is {major} (building and serving the UI work on 18)";
        }
    }

    /// <summary>The major version of the node on the PATH, or null when it does not answer (the test then runs and
    /// says why it failed).</summary>
    private static int? NodeMajorVersion()
    {
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false });
            if (node is null)
            {
                return null;
            }

            var version = node.StandardOutput.ReadToEnd().Trim().TrimStart('v');
            node.WaitForExit();
            return int.TryParse(version.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture, out var major) ? major : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
