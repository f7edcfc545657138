using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Mine.Whisper.Reading;

/// <summary>
/// Where a file holds data: Linux's <c>lseek(SEEK_DATA / SEEK_HOLE)</c>. carbon preallocates a year of slots per file
/// (157 GB apparent for a 125,000-series fleet, about 1 GB on disk), so reading only the data ranges is what makes an
/// import cost the points, not the slots. On a file system without hole support the whole file is one data range.
/// </summary>
internal static partial class SparseFile
{
    private const int SeekData = 3;
    private const int SeekHole = 4;
    private const int NoDataAfterOffset = 6; // ENXIO

    /// <summary>The next data range at or after <paramref name="offset"/> and before <paramref name="end"/>, or null.</summary>
    public static (long Start, long End)? NextData(SafeFileHandle file, long offset, long end)
    {
        if (offset >= end)
        {
            return null;
        }

        if (!OperatingSystem.IsLinux())
        {
            return (offset, end);
        }

        var descriptor = (int)file.DangerousGetHandle();
        var start = Seek(descriptor, offset, SeekData);
        if (start < 0)
        {
            // ENXIO: nothing but holes from here to the end; any other error: read it all, holes read as zeros.
            return Marshal.GetLastPInvokeError() == NoDataAfterOffset ? null : (offset, end);
        }

        if (start >= end)
        {
            return null;
        }

        var hole = Seek(descriptor, start, SeekHole);
        return (start, hole < 0 ? end : Math.Min(hole, end));
    }

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long Seek(int descriptor, long offset, int whence);
}
