using System.Diagnostics;

namespace Mine.TestKit.Disk;

/// <summary>
/// A small tmpfs mounted in a temporary folder, for tests of a full disk: real ENOSPC, no loop device. Mounting needs
/// root; without it <see cref="Require"/> skips the test locally and fails it in CI (<c>CI=true</c>).
/// </summary>
public sealed class Tmpfs : IDisposable
{
    /// <param name="name">Start of the mount point's folder name.</param>
    /// <param name="size">Its size, as mount's size= option (48m).</param>
    /// <param name="readOnly">Mounted read-only: every write fails with EROFS, even root's.</param>
    public Tmpfs(string name, string size, bool readOnly = false)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
        Mounted = Run("mount", "-t", "tmpfs", "-o", $"size={size}{(readOnly ? ",ro" : "")}", "tmpfs", Path) == 0;
    }

    /// <summary>The mount point.</summary>
    public string Path { get; }

    public bool Mounted { get; }

    /// <summary>True when mounted; false (skip) when not, unless CI runs, where a missing mount is a failure.</summary>
    public bool Require() => Mounted || (Environment.GetEnvironmentVariable("CI") == "true"
        ? throw new InvalidOperationException("CI must run the disk-full tests: mounting a tmpfs failed (it needs root)")
        : false);

    /// <summary>Writes a file until the file system refuses another byte: large chunks, then byte by byte.</summary>
    public static void Fill(string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        foreach (var size in new[] { 64 * 1024, 1 })
        {
            var chunk = new byte[size];
            try
            {
                while (true)
                {
                    file.Write(chunk);
                    file.Flush();
                }
            }
            catch (IOException)
            {
                // this size no longer fits
            }
        }
    }

    public void Dispose()
    {
        if (Mounted)
        {
            Run("umount", "-l", Path);
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int Run(string program, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
