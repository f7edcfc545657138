using System.Globalization;
using System.Reflection;
using System.Text;
using Mine.Server.Tests.Process;

namespace Mine.Server.Tests.Packaging;

/// <summary>
/// The .deb from packaging/deb/build.sh installed on this machine with dpkg: its files, the mine user, the conffile
/// and the unit; the unit's ExecStart started as systemd would (no systemd runs in CI) answers /health and stores a
/// point sent over plaintext, with no .NET or Node.js on its PATH; remove keeps the config, purge removes it and
/// keeps the data and the user (docs/packaging.md).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DebPackageTests
{
    private const string Unit = "/lib/systemd/system/mine.service";
    private const string Config = "/etc/mine/mine.json";

    [PackageFact]
    public async Task The_deb_installs_runs_as_its_user_and_purges_keeping_the_data()
    {
        var deb = DebInstall.Package();
        DebInstall.CleanUp();
        try
        {
            DebInstall.Run("dpkg", ["--install", deb]);
            File.WriteAllText(DebInstall.Marker, "written by tests/Mine.Server.Tests/Packaging; removed with the package\n");
            StopTheServiceSystemdStarted();
            CheckInstalledFiles();
            var unit = CheckUnit();
            CheckUserAndDataFolder();

            using (var mine = await PackagedMine.StartAsync(unit))
            {
                var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60;
                await MineProcess.SendAsync(mine.PlaintextPort, Encoding.ASCII.GetBytes($"package.test.value 42.5 {timestamp}\n"));
                await IngestWaits.UntilAsync(async () => (await mine.Http.GetStringAsync("/render?target=package.test.value&format=json&from=-10min")).Contains("42.5", StringComparison.Ordinal), 30_000);
                Assert.Equal(0, await mine.StopAsync());
                Assert.DoesNotContain("Exception", mine.Output, StringComparison.Ordinal);
            }

            // The store is the service user's: written below the unit's working directory, owned by mine.
            var data = Path.Combine(DebInstall.DataRoot, "data");
            Assert.True(Directory.Exists(data), $"no data folder {data}");
            Assert.All(Directory.GetFiles(data, "*", SearchOption.AllDirectories), file => Assert.Equal("mine", Owner(file)));

            DebInstall.Run("dpkg", ["--remove", "mine"]);
            Assert.False(File.Exists("/usr/bin/mine"), "remove left /usr/bin/mine");
            Assert.False(File.Exists(Unit), "remove left the unit");
            Assert.True(File.Exists(Config), "remove deleted the conffile; only purge should");

            DebInstall.Run("dpkg", ["--purge", "mine"]);
            Assert.False(File.Exists(Config), "purge kept the conffile");
            Assert.True(Directory.Exists(data), "purge deleted the data");
            Assert.Equal(0, DebInstall.TryRun("getent", ["passwd", "mine"]).ExitCode);
        }
        finally
        {
            DebInstall.CleanUp();
        }

        Assert.False(Directory.Exists(DebInstall.DataRoot), "the test's clean-up left /var/lib/mine");
    }

    /// <summary>Where systemd runs, postinst enabled and started the unit on its default ports: the test runs its
    /// own copy on free ports instead.</summary>
    private static void StopTheServiceSystemdStarted()
    {
        if (Directory.Exists("/run/systemd/system"))
        {
            Assert.Equal("enabled", DebInstall.TryRun("systemctl", ["is-enabled", "mine.service"]).Output.Trim());
            DebInstall.Run("systemctl", ["stop", "mine.service"]);
        }
    }

    private static void CheckInstalledFiles()
    {
        var status = DebInstall.Run("dpkg-query", ["--show", "--showformat=${Status}|${Version}|${Conffiles}", "mine"]);
        Assert.StartsWith("install ok installed|", status, StringComparison.Ordinal);
        // The package's version is the program's (Directory.Build.props), which the binary reports too.
        var version = typeof(Mine.Hosting.MineOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        Assert.Equal(version, status.Split('|')[1]);
        Assert.Contains(Config, status.Split('|')[2], StringComparison.Ordinal);
        Assert.StartsWith(version, DebInstall.Run("/usr/bin/mine", ["--version"]).Trim(), StringComparison.Ordinal);

        Assert.True((File.GetUnixFileMode("/usr/bin/mine") & UnixFileMode.OtherExecute) != 0, "/usr/bin/mine is not executable");
        Assert.Equal(File.ReadAllText(Path.Combine(DebInstall.RepoRoot(), "config", "mine.json")), File.ReadAllText(Config));
        // The config may hold secrets: the service's group reads it, others do not.
        Assert.Equal("root:mine", $"{Owner(Config)}:{Group(Config)}");
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(Config) & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite));
    }

    private static SystemdUnit CheckUnit()
    {
        var unit = SystemdUnit.Read(Unit);
        Assert.Equal("mine", unit.User);
        Assert.Equal(DebInstall.DataRoot, unit.WorkingDirectory);
        Assert.Equal(["/usr/bin/mine", "serve", "--config", Config], unit.ExecStart);
        Assert.Equal("on-failure", unit.Service["Restart"]);
        Assert.True(int.Parse(unit.Service["LimitNOFILE"], CultureInfo.InvariantCulture) >= 65536, "LimitNOFILE too low for a fleet's connections");
        Assert.Equal("true", unit.Service["NoNewPrivileges"]);
        Assert.Equal("strict", unit.Service["ProtectSystem"]);
        Assert.Contains(DebInstall.DataRoot, unit.Service["ReadWritePaths"], StringComparison.Ordinal);
        if (File.Exists("/usr/bin/systemd-analyze"))
        {
            // verify also reports on other installed units; only what it says about this one counts.
            var verify = DebInstall.TryRun("systemd-analyze", ["verify", Unit]).Output;
            Assert.DoesNotContain(verify.Split('\n'), line => line.StartsWith("mine.service", StringComparison.Ordinal) || line.StartsWith(Unit, StringComparison.Ordinal));
        }

        return unit;
    }

    private static void CheckUserAndDataFolder()
    {
        var passwd = DebInstall.Run("getent", ["passwd", "mine"]).Trim().Split(':');
        Assert.True(int.Parse(passwd[2], CultureInfo.InvariantCulture) < 1000, $"mine is not a system user: uid {passwd[2]}");
        Assert.Equal(DebInstall.DataRoot, passwd[5]);
        Assert.EndsWith("nologin", passwd[6], StringComparison.Ordinal);
        Assert.Equal("mine:mine", $"{Owner(DebInstall.DataRoot)}:{Group(DebInstall.DataRoot)}");
        Assert.Equal(UnixFileMode.None, File.GetUnixFileMode(DebInstall.DataRoot) & (UnixFileMode.OtherRead | UnixFileMode.OtherExecute));
    }

    private static string Owner(string path) => DebInstall.Run("stat", ["--format=%U", path]).Trim();

    private static string Group(string path) => DebInstall.Run("stat", ["--format=%G", path]).Trim();
}
