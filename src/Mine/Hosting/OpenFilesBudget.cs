namespace Mine.Hosting;

/// <summary>
/// How many connections the process can hold without running out of file descriptors. At the open-files limit,
/// accept() fails for every listener and the storage cannot open its files; worse, the .NET runtime ends the process
/// ("Out of memory.") the next time it has to open an assembly, which a framework-dependent Mine does lazily (it holds
/// about 200 files open at rest). So the limit, less the files open at start and a reserve for Mine itself (the larger
/// of 128 and an eighth of the limit), is shared: a quarter (at least 16) for HTTP connections (Kestrel's
/// MaxConcurrentConnections), the rest (at least 16) for the TCP ingest listeners (the most Mine:MaxConnections may be).
/// </summary>
internal sealed record OpenFilesBudget(long Limit, long InUse, long Reserve)
{
    private const int Minimum = 16;

    /// <summary>The budget of this process now (read once per start).</summary>
    public static OpenFilesBudget Current { get; } = Read();

    private long Free => Math.Max(0, Limit - InUse - Reserve);

    /// <summary>Concurrent HTTP connections (beyond, Kestrel closes new ones at once).</summary>
    public int HttpConnections => (int)Math.Clamp(Free / 4, Minimum, int.MaxValue);

    /// <summary>TCP ingest connections across listeners at most.</summary>
    public int IngestConnections => (int)Math.Clamp(Free - HttpConnections, Minimum, int.MaxValue);

    private static OpenFilesBudget Read()
    {
        var limit = SoftLimit();
        return new OpenFilesBudget(limit, OpenNow(), Math.Max(128, limit / 8));
    }

    /// <summary>Files (and sockets) the process holds open now; 0 where /proc cannot tell.</summary>
    private static long OpenNow()
    {
        try
        {
            return Directory.EnumerateFileSystemEntries("/proc/self/fd").LongCount();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>The soft RLIMIT_NOFILE from /proc/self/limits; 65,536 where it cannot be read.</summary>
    private static long SoftLimit()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (fields.Length > 0 && long.TryParse(fields[0], System.Globalization.CultureInfo.InvariantCulture, out var soft))
                    {
                        return soft;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }

        return 65536;
    }
}
