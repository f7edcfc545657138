using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Mine.Server.Tests.Differential;
using Mine.Server.Tests.Process;
using Mine.Storage.Engine;

namespace Mine.Server.Tests.Import;

/// <summary><c>mine import-whisper</c> as a process: killed and run again, and against live points.</summary>
public sealed class WhisperImportRecoveryTests
{
    [GraphiteFact]
    public async Task An_import_killed_mid_way_and_run_again_ends_with_the_data_of_an_uninterrupted_one()
    {
        var root = Directory.CreateTempSubdirectory("mine-import-kill-").FullName;
        try
        {
            var now = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60) - 3600;
            var source = Path.Combine(root, "whisper");
            await WhisperImportTests.RunScriptAsync("many", source, "3000", now.ToString(CultureInfo.InvariantCulture));
            var at = now.ToString(CultureInfo.InvariantCulture);

            var whole = Path.Combine(root, "whole");
            var (code, output) = await WhisperImportTests.RunMineAsync("import-whisper", source, "--data", whole, "--now", at);
            Assert.True(code == 0, output);

            var resumed = Path.Combine(root, "resumed");
            var journal = ImportWhisperJournal(resumed, source);
            var killedAfter = await KillWhenJournalHasAsync(["import-whisper", source, "--data", resumed, "--now", at, "--jobs", "1"], journal, lines: 200);
            Assert.InRange(killedAfter, 200, 2999);
            (code, output) = await WhisperImportTests.RunMineAsync("import-whisper", source, "--data", resumed, "--now", at);
            Assert.True(code == 0, output);
            Assert.Contains("done before", output, StringComparison.Ordinal);

            Assert.Equal(Dump(whole, now), Dump(resumed, now));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [GraphiteFact]
    public async Task Keep_leaves_live_points_and_overwrite_replaces_them()
    {
        var root = Directory.CreateTempSubdirectory("mine-import-conflict-").FullName;
        try
        {
            using var mine = await MineProcess.StartAsync(Path.Combine(root, "data"));
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60;
            var live = string.Concat(Enumerable.Range(1, 5).SelectMany(i => new[] { $"live.keep {i} {now - (i * 60)}\n", $"live.over {i} {now - (i * 60)}\n" }));
            using (var client = new TcpClient())
            {
                await client.ConnectAsync("127.0.0.1", mine.PlaintextPort);
                await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(live));
            }

            var until = now - 60;
            var from = now - 660;
            await WaitForAsync(async () => (await ValuesAsync(mine, "live.over", from, until)).Count(v => v is not null) == 5);
            foreach (var (name, policy) in new[] { ("keep", "keep"), ("over", "overwrite") })
            {
                var source = Path.Combine(root, name);
                await WhisperImportTests.RunScriptAsync("conflict", Path.Combine(source, "live", name + ".wsp"), now.ToString(CultureInfo.InvariantCulture));
                var (code, output) = await WhisperImportTests.RunMineAsync("import-whisper", source, "--to", $"http://127.0.0.1:{mine.HttpPort}", "--on-conflict", policy,
                    "--admin-token", (await File.ReadAllTextAsync(Path.Combine(root, "data", "admin-token"))).Trim(),
                    "--journal", Path.Combine(root, name + ".journal"));
                Assert.True(code == 0, output);
            }

            // Slots now-600 .. now-60, oldest first: only the file has the first five, both have the last five.
            Assert.Equal([110, 109, 108, 107, 106, 5, 4, 3, 2, 1], await ValuesAsync(mine, "live.keep", from, until));
            Assert.Equal([110, 109, 108, 107, 106, 105, 104, 103, 102, 101], await ValuesAsync(mine, "live.over", from, until));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<List<double?>> ValuesAsync(MineProcess mine, string name, long from, long until)
    {
        using var json = JsonDocument.Parse(await mine.Http.GetStringAsync($"/render?target={name}&from={from}&until={until}&format=json"));
        return json.RootElement.GetArrayLength() == 0 ? []
            : [.. json.RootElement[0].GetProperty("datapoints").EnumerateArray().Select(p => p[0].ValueKind == JsonValueKind.Null ? (double?)null : p[0].GetDouble())];
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (!await condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "live points did not become readable within 30 s");
            await Task.Delay(100);
        }
    }

    /// <summary>Starts the import and kills it (SIGKILL) once its journal lists <paramref name="lines"/> files; returns how many it listed.</summary>
    private static async Task<int> KillWhenJournalHasAsync(string[] arguments, string journal, int lines)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mine.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        // Watched from a thread of its own, not from pool continuations: tests running beside this one can starve the
        // pool for long enough that the whole import ends before the next look at the journal.
        var watcher = new Thread(() =>
        {
            while (!process.HasExited && (!File.Exists(journal) || CountLines(journal) < lines))
            {
                Thread.Sleep(1);
            }

            if (!process.HasExited)
            {
                process.Kill();
            }
        })
        { IsBackground = true, Priority = ThreadPriority.Highest };
        watcher.Start();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"the import neither ended nor listed {lines} files in its journal within 3 minutes");
            }
        }

        watcher.Join();
        Assert.True(process.ExitCode != 0, "the import finished before it could be killed; give it more files");
        return CountLines(journal);
    }

    private static int CountLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Count(c => c == '\n');
    }

    private static string ImportWhisperJournal(string data, string source) => global::Mine.Hosting.ImportWhisperCommand.DefaultJournal(Path.GetFullPath(source), data);

    /// <summary>Every series' values in both archives' ranges, as text.</summary>
    private static string Dump(string data, long now)
    {
        using var engine = StorageEngine.Open(new StorageOptions { DataDirectory = data, BackgroundMaintenance = false });
        var dump = new StringBuilder();
        foreach (var name in engine.AllNames().Order(StringComparer.Ordinal))
        {
            foreach (var age in new[] { 3600L, 10 * 86400L })
            {
                var series = engine.Fetch(name, now - age, now, now)!;
                dump.Append(name).Append(' ').Append(series.Start).Append(' ').AppendJoin(',', series.Values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))).Append('\n');
            }
        }

        return dump.ToString();
    }
}
