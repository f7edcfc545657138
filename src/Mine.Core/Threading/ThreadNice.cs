using System.Runtime.InteropServices;

namespace Mine.Core.Threading;

/// <summary>
/// The Linux nice value of the calling thread (Linux keeps one per thread). Raising it needs no privilege;
/// lowering it back to 0 after raising it does not either, as long as RLIMIT_NICE is not involved (it only limits
/// going below the value the thread started with). Elsewhere this does nothing.
/// </summary>
public static partial class ThreadNice
{
    private const int PrioProcess = 0;

    /// <summary>Sets the calling thread's nice value (0 normal, 19 the lowest priority); false when it could not.</summary>
    public static bool Set(int nice)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        return SetPriority(PrioProcess, GetTid(), nice) == 0;
    }

    /// <summary>The calling thread's nice value, or null when it cannot be read.</summary>
    public static int? Get()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        Marshal.SetLastSystemError(0);
        var value = GetPriority(PrioProcess, GetTid());
        return value == -1 && Marshal.GetLastSystemError() != 0 ? null : value;
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int prio);

    [LibraryImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static partial int GetPriority(int which, int who);
}
