using System.Diagnostics;
using System.Text.Json;

namespace Mine.Ui.Tests;

/// <summary>
/// The UI's unit tests (src/Mine.Ui/test, vitest) run from `dotnet test`: npm test with vitest's JSON reporter, every
/// test must pass and there must be some. node_modules is there: building src/Mine ran npm ci.
/// </summary>
public class VitestTests
{
    [VitestFact]
    public async Task The_ui_unit_tests_pass()
    {
        var report = Path.Combine(Path.GetTempPath(), $"mine-vitest-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = RepoPaths.Ui,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "test", "--", "--reporter=json", $"--outputFile={report}" },
        };
        start.Environment["NO_COLOR"] = "1";
        using var npm = Process.Start(start) ?? throw new InvalidOperationException("npm did not start");
        var output = npm.StandardOutput.ReadToEndAsync();
        var errors = npm.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await npm.WaitForExitAsync(timeout.Token);
        var log = $"npm test exited {npm.ExitCode}:\n{await output}\n{await errors}";
        Assert.True(File.Exists(report), log);
        try
        {
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
            var root = json.RootElement;
            var total = root.GetProperty("numTotalTests").GetInt32();
            var passed = root.GetProperty("numPassedTests").GetInt32();
            var failed = root.GetProperty("numFailedTests").GetInt32();
            var failures = root.GetProperty("testResults").EnumerateArray()
                .SelectMany(file => file.GetProperty("assertionResults").EnumerateArray())
                .Where(test => test.GetProperty("status").GetString() != "passed")
                .Select(test => $"{test.GetProperty("fullName").GetString()}: {string.Join('\n', test.GetProperty("failureMessages").EnumerateArray().Select(m => m.GetString()))}");
            Assert.True(total > 0, $"vitest ran no test\n{log}");
            Assert.True(failed == 0 && passed == total, $"{failed} of {total} UI unit tests failed:\n{string.Join("\n\n", failures)}");
            Assert.Equal(0, npm.ExitCode);
        }
        finally
        {
            File.Delete(report);
        }
    }
}
