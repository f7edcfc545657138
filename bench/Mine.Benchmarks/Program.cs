using BenchmarkDotNet.Running;
using Mine.Benchmarks.EndToEnd;
using Mine.Benchmarks.Relay;

namespace Mine.Benchmarks;

internal static class Program
{
    // Micro-benchmarks: dotnet run -c Release --project bench/Mine.Benchmarks -- --filter '*'
    // collectd values parsed and stored per second: dotnet run -c Release --project bench/Mine.Benchmarks -- collectd [HOSTS] [ROUNDS]
    // Stage profile of ingest on a plaintext file: dotnet run -c Release --project bench/Mine.Benchmarks -- ingest FILE [MAXBYTES]
    // The relay's disk buffer during an outage (append rate, bytes/point, working set): ... -- relay-buffer [DIR] [PASSES]
    // Stage profile of a render on a data folder (a copy: opening replays the WAL): ... -- render DATA FROM UNTIL [N] [TARGET]
    public static void Main(string[] args)
    {
        if (args.Length >= 2 && args[0] == "ingest")
        {
            InProcessIngest.Run(args[1], args.Length > 2 ? long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : long.MaxValue);
            return;
        }

        if (args.Length >= 1 && args[0] == "collectd")
        {
            InProcessCollectd.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2000, args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10);
            return;
        }

        if (args.Length >= 1 && args[0] == "relay-buffer")
        {
            InProcessRelayBuffer.Run(args.Length > 1 ? args[1] : Path.GetTempPath(), args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10);
            return;
        }

        if (args.Length >= 4 && args[0] == "render")
        {
            InProcessRender.Run(args[1], long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), long.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 20, args.Length > 5 ? args[5] : "groupByNode(servers.*.cpu-*.cpu-user,1,\"sumSeries\")");
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
