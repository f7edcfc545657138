using System.Diagnostics;
using System.Text;

namespace Mine.Fuzz.Tests;

/// <summary>
/// A bounded coverage-guided run of every target with afl-fuzz (fuzz/run.sh), MINE_FUZZ_SECONDS each (default 15).
/// Skipped when afl-fuzz is not installed, except in CI (CI=true), where .ci/run installs afl++ and a missing
/// afl-fuzz fails. Any crash or confirmed hang fails the test with the input in hex and the command reproducing it.
/// </summary>
public sealed class AflFuzzTests(AflBuild build) : IClassFixture<AflBuild>
{
    public static TheoryData<string> Targets() => [.. FuzzTargets.Names];

    [AflTheory]
    [MemberData(nameof(Targets))]
    public void Afl_finds_nothing(string target)
    {
        Assert.True(build.Succeeded, $"fuzz/run.sh --build-only failed:\n{build.Output}");
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("MINE_FUZZ_SECONDS"), out var s) && s > 0 ? s : 15;
        var (exitCode, output) = AflBuild.RunScript([target, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)], noBuild: true);
        Assert.True(exitCode == 0, $"afl-fuzz on target '{target}' ({seconds} s) found something (exit {exitCode}):\n{output}");
        Assert.Contains("nothing found", output, StringComparison.Ordinal);
    }
}

/// <summary>Builds and instruments the fuzzing assemblies once for all targets (a minute; then each run reuses it).</summary>
public sealed class AflBuild
{
    public AflBuild()
    {
        if (AflTheoryAttribute.AflFuzz is null)
        {
            return;
        }

        var (exitCode, output) = RunScript(["--build-only"], noBuild: false);
        Succeeded = exitCode == 0;
        Output = output;
    }

    public bool Succeeded { get; }

    public string Output { get; } = "";

    public static (int ExitCode, string Output) RunScript(IEnumerable<string> arguments, bool noBuild)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = FuzzPaths.Repository };
        start.ArgumentList.Add(FuzzPaths.RunScript);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (noBuild)
        {
            start.Environment["MINE_FUZZ_NO_BUILD"] = "1";
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            // fuzz/run.sh bounds afl-fuzz itself; this is the net under a build or a script that hangs.
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output)
            {
                return (-1, $"fuzz/run.sh {string.Join(' ', arguments)} did not end within 10 minutes:\n{output}");
            }
        }

        process.WaitForExit(); // drains the output readers
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}

/// <summary>Skipped without afl-fuzz on the PATH, except in CI (CI=true), where the missing program fails the test.</summary>
public sealed class AflTheoryAttribute : TheoryAttribute
{
    public AflTheoryAttribute()
    {
        if (AflFuzz is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "afl-fuzz is not installed (apt-get install afl++); .ci/run installs it and CI runs this test";
        }
    }

    /// <summary>The afl-fuzz on the PATH, or null.</summary>
    public static string? AflFuzz { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(static dir => Path.Combine(dir, "afl-fuzz"))
        .FirstOrDefault(File.Exists);
}
