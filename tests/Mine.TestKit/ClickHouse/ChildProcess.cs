using System.Collections.Concurrent;
using System.Diagnostics;

namespace Mine.TestKit.ClickHouse;

/// <summary>
/// A server program run in the foreground for a test. What it prints goes to a file (for a person reading after the
/// run) and its last lines stay in memory (for failure messages). Killing is always SIGKILL of the whole tree: these
/// servers' data is thrown away, so a graceful stop would only cost time.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private const int KeptLines = 60;
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(10);

    // A test host that ends normally (or after a failed test that skipped a dispose) must not leave servers behind.
    private static readonly ConcurrentDictionary<ChildProcess, bool> Live = new();

    private readonly Process _process;
    private readonly StreamWriter _output;
    private readonly Queue<string> _lastLines = new();
    private bool _closed;
    private volatile bool _disposed;

    static ChildProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var child in Live.Keys)
            {
                child.Dispose();
            }
        };
    }

    private ChildProcess(Process process, StreamWriter output)
    {
        _process = process;
        _output = output;
    }

    public bool HasExited => _disposed || _process.HasExited;

    public string Program => _process.StartInfo.FileName;

    /// <summary>Starts <paramref name="program"/> with its output appended to <paramref name="outputFile"/>.</summary>
    public static ChildProcess Start(string program, IEnumerable<string> arguments, string workingDirectory, string outputFile)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Never the test host's own stdin.
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StreamWriter(outputFile, append: true) { AutoFlush = true };
        var child = new ChildProcess(new Process { StartInfo = start }, output);
        child._process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        try
        {
            child._process.Start();
        }
        catch
        {
            output.Dispose();
            child._process.Dispose();
            throw;
        }

        Live[child] = true;
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The last lines the program printed, oldest first.</summary>
    public IReadOnlyList<string> LastLines()
    {
        lock (_lastLines)
        {
            return [.. _lastLines];
        }
    }

    /// <summary>"exited with N" or "running", for messages.</summary>
    public string State() => _disposed ? "killed" : _process.HasExited ? $"exited with {_process.ExitCode}" : "running";

    /// <summary>SIGKILL to the program and its children, then waits (with a deadline) until it is gone.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended by itself between the check and the kill.
        }

        if (!_process.WaitForExit(ExitDeadline))
        {
            throw new TimeoutException($"{Program} (pid {_process.Id}) was still running {ExitDeadline.TotalSeconds} s after SIGKILL");
        }
    }

    public void Dispose()
    {
        if (!Live.TryRemove(this, out _))
        {
            return;
        }

        try
        {
            Kill();
        }
        finally
        {
            _disposed = true;
            lock (_lastLines)
            {
                // Output events can still arrive after this: they must not write to a closed file.
                _closed = true;
                _output.Dispose();
            }

            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            if (_lastLines.Count == KeptLines)
            {
                _lastLines.Dequeue();
            }

            _lastLines.Enqueue(line);
            if (!_closed)
            {
                _output.WriteLine(line);
            }
        }
    }
}
