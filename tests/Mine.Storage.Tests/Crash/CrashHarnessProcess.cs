using System.Diagnostics;
using System.Text;

namespace Mine.Storage.Tests.Crash;

/// <summary>One run of the crash harness (a real process driving the storage engine), killed by itself or by the test.</summary>
internal sealed class CrashHarnessProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private long _lastAck = -1;
    private int _opened;

    private CrashHarnessProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_errors)
                {
                    _errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The last batch the harness reported acknowledged (-1: none in this run).</summary>
    public long LastAck => Interlocked.Read(ref _lastAck);

    /// <summary>True once storage has opened (recovery finished).</summary>
    public bool Opened => Volatile.Read(ref _opened) == 1;

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public static CrashHarnessProcess Start(string directory, long firstBatch, int seed, string? crashAt = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Mine.Storage.CrashHarness.dll"));
        start.ArgumentList.Add("run");
        start.ArgumentList.Add(directory);
        start.ArgumentList.Add(firstBatch.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (crashAt is not null)
        {
            start.ArgumentList.Add(crashAt);
        }

        return new CrashHarnessProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet"));
    }

    /// <summary>Waits until the process ends by itself; false on timeout (then it is killed).</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (_process.WaitForExit(timeout))
        {
            _process.WaitForExit(); // drains the output readers
            return true;
        }

        Kill();
        return false;
    }

    /// <summary>SIGKILL, then waits until the output is drained.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (line.StartsWith("ack ", StringComparison.Ordinal))
        {
            Interlocked.Exchange(ref _lastAck, long.Parse(line.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (line == "open")
        {
            Volatile.Write(ref _opened, 1);
        }
    }
}
