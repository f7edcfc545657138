using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Mine.Server.Tests.Packaging;

/// <summary>
/// The machine-wide side of the package test: finding or building the .deb, running dpkg and friends, and putting
/// the machine back as it was (package purged, and the data folder and user the package keeps on purge removed).
/// A /var/lib/mine without <see cref="Marker"/> belongs to an operator and is never touched.
/// </summary>
internal static class DebInstall
{
    public const string DataRoot = "/var/lib/mine";

    /// <summary>Written into <see cref="DataRoot"/> by the test right after it installs, so that a run killed
    /// half-way is cleaned up by the next one instead of mistaken for a real installation.</summary>
    public static readonly string Marker = Path.Combine(DataRoot, ".installed-by-package-test");

    /// <summary>Why the test cannot run here, or null.</summary>
    public static string? WhyNot()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            return "the .deb is for linux-x64";
        }

        if (Environment.UserName != "root")
        {
            return "installing the .deb needs root";
        }

        foreach (var tool in new[] { "/usr/bin/dpkg", "/usr/bin/dpkg-deb", "/usr/bin/setpriv", "/usr/sbin/useradd" })
        {
            if (!File.Exists(tool))
            {
                return $"{tool} is missing (Debian: apt-get install dpkg util-linux passwd)";
            }
        }

        return Directory.Exists(DataRoot) && !File.Exists(Marker)
            ? $"{DataRoot} exists: a Mine installed on this machine is not touched by the test"
            : null;
    }

    /// <summary>$MINE_DEB when set (.ci/run builds it once), else a fresh build by packaging/deb/build.sh into
    /// artifacts/package-test.</summary>
    public static string Package()
    {
        if (Environment.GetEnvironmentVariable("MINE_DEB") is { Length: > 0 } given)
        {
            Assert.True(File.Exists(given), $"MINE_DEB={given}: no such file");
            return given;
        }

        var root = RepoRoot();
        var output = Path.Combine(root, "artifacts", "package-test");
        Run("bash", [Path.Combine(root, "packaging", "deb", "build.sh"), output], TimeSpan.FromMinutes(30));
        return Directory.GetFiles(output, "mine_*_amd64.deb").Single();
    }

    /// <summary>Purges the package and removes what purge keeps, when a run of this test left them.</summary>
    public static void CleanUp()
    {
        if (Directory.Exists(DataRoot) && !File.Exists(Marker))
        {
            return;
        }

        TryRun("dpkg", ["--purge", "mine"]);
        if (Directory.Exists(DataRoot))
        {
            Directory.Delete(DataRoot, recursive: true);
        }

        if (TryRun("getent", ["passwd", "mine"]).ExitCode == 0)
        {
            Run("userdel", ["mine"]);
        }

        if (TryRun("getent", ["group", "mine"]).ExitCode == 0)
        {
            Run("groupdel", ["mine"]);
        }
    }

    /// <summary>Runs a program to its end; fails the test with its output when it does not exit 0.</summary>
    public static string Run(string program, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var (code, output) = TryRun(program, arguments, timeout);
        Assert.True(code == 0, $"{program} {string.Join(' ', arguments)} exited with {code}:\n{output}");
        return output;
    }

    /// <summary>Runs a program to its end: its exit code and what it wrote (standard output, then error).</summary>
    public static (int ExitCode, string Output) TryRun(string program, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // dpkg's maintainer scripts ask nothing, and they find the usual tools.
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        start.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:" + Environment.GetEnvironmentVariable("PATH");
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish in time");
        }

        process.WaitForExit();
        return (process.ExitCode, standardOutput.Result + standardError.Result);
    }

    public static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mine.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Mine.slnx not found above {AppContext.BaseDirectory}");
    }
}
