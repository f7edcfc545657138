using System.Diagnostics;
using Mine.Core.Series;
using Mine.Protocols.Collectd;
using Mine.Storage.Engine;
using static Mine.TestKit.Collectd.CollectdPacketBuilder;

namespace Mine.Benchmarks.EndToEnd;

/// <summary>
/// collectd values parsed, named and stored per second (parsing on one thread, storage on another, as in the server), for realistic datagrams of ~1,452 bytes
/// (what collectd's network plugin sends), plain, signed and encrypted, from a synthetic fleet whose counters
/// advance every 10-second round. No sockets: this measures Mine, not the kernel's UDP path.
/// <c>dotnet run -c Release --project bench/Mine.Benchmarks -- collectd [HOSTS] [ROUNDS]</c>
/// </summary>
internal static class InProcessCollectd
{
    private const string User = "alice";
    private const string Password = "s3cret";

    public static void Run(int hosts, int rounds)
    {
        var authFile = Path.GetTempFileName();
        File.WriteAllText(authFile, $"{User}: {Password}\n");
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - rounds * 10L;
        var plain = BuildDatagrams(hosts, rounds, start, out var values);
        Console.WriteLine($"{plain.Count:N0} datagrams, {values:N0} values, {plain.Average(p => p.Length):F0} bytes per plain datagram");
        foreach (var level in new[] { CollectdSecurityLevel.None, CollectdSecurityLevel.Sign, CollectdSecurityLevel.Encrypt })
        {
            var datagrams = level switch
            {
                CollectdSecurityLevel.Sign => plain.Select(p => Sign(User, Password, p)).ToList(),
                CollectdSecurityLevel.Encrypt => plain.Select(p => Encrypt(User, Password, p)).ToList(),
                _ => plain,
            };
            Measure(level, datagrams, values, rounds, authFile);
        }

        File.Delete(authFile);
    }

    private static void Process(CollectdPacketParser parser, StoringReceiver receiver, IEnumerable<byte[]> datagrams)
    {
        foreach (var datagram in datagrams)
        {
            parser.Parse(datagram, receiver);
            receiver.FlushIfFull();
        }

        receiver.Flush(); // everything stored before the clock stops
    }

    private static void Measure(CollectdSecurityLevel level, List<byte[]> datagrams, long values, int rounds, string authFile)
    {
        var dir = Path.Combine(Path.GetTempPath(), "mine-collectd-bench-" + Guid.NewGuid().ToString("N"));
        using (var engine = StorageEngine.Open(new StorageOptions { DataDirectory = dir }))
        using (var parser = new CollectdPacketParser(new CollectdSecurityOptions { Level = level, AuthFilePath = authFile }))
        {
            using var receiver = new StoringReceiver(engine, new WriteGraphiteConverter(TypesDb.BuiltIn, new WriteGraphiteOptions()));

            // The first two rounds create every series (schema match, name index, catalog; counters only produce a
            // rate, and so a series, from their second sample): a one-off cost per host, measured apart from the
            // steady state that a fleet pushing every 10 s lives in.
            var firstRound = 2 * datagrams.Count / rounds;
            var watch = Stopwatch.StartNew();
            Process(parser, receiver, datagrams.Take(firstRound));
            var creation = watch.Elapsed;
            watch.Restart();
            Process(parser, receiver, datagrams.Skip(firstRound));
            watch.Stop();
            var steadyValues = values - 2 * values / rounds;
            Console.WriteLine($"{level,-8}: {steadyValues / watch.Elapsed.TotalSeconds / 1e6:F2} M values/s parsed and stored in steady state; " +
                $"first two rounds (creating {engine.SeriesCount:N0} series) {creation.TotalMilliseconds:F0} ms " +
                $"({engine.Counters.PointsAccepted:N0} points stored; first counter samples have no rate yet)");
        }

        Directory.Delete(dir, recursive: true);
    }

    /// <summary>One host's round: cpu (4 cores × 8 states, DERIVE), load (3 gauges), memory (6 gauges), interfaces.</summary>
    private static List<byte[]> BuildDatagrams(int hosts, int rounds, long start, out long values)
    {
        var datagrams = new List<byte[]>();
        values = 0;
        string[] states = ["idle", "user", "system", "wait", "nice", "interrupt", "softirq", "steal"];
        for (var round = 0; round < rounds; round++)
        {
            for (var h = 0; h < hosts; h++)
            {
                var time = (ulong)(start + round * 10L) << 30;
                var lists = new List<byte[]>();
                var counter = (ulong)(round * 1000 + h);
                for (var cpu = 0; cpu < 4; cpu++)
                {
                    foreach (var state in states)
                    {
                        lists.Add(Concat(Str(Plugin, "cpu"), Str(PluginInstance, cpu.ToString(System.Globalization.CultureInfo.InvariantCulture)), Str(TypeName, "cpu"), Str(TypeInstance, state), ValuesPart((DataSourceType.Derive, counter * 7))));
                    }
                }

                lists.Add(Concat(Str(Plugin, "load"), Str(PluginInstance, ""), Str(TypeName, "load"), Str(TypeInstance, ""), Gauges(0.5 + h % 7, 0.4, 0.3)));
                foreach (var m in new[] { "used", "free", "cached", "buffered", "slab_recl", "slab_unrecl" })
                {
                    lists.Add(Concat(Str(Plugin, "memory"), Str(TypeName, "memory"), Str(TypeInstance, m), Gauges(1e9 + h)));
                }

                foreach (var nic in new[] { "eth0", "eth1", "lo" })
                {
                    lists.Add(Concat(Str(Plugin, "interface"), Str(PluginInstance, nic), Str(TypeName, "if_octets"), Str(TypeInstance, ""), ValuesPart((DataSourceType.Derive, counter * 1500), (DataSourceType.Derive, counter * 900))));
                }

                // Pack value lists into datagrams of at most 1,346 bytes (collectd's plaintext budget for 1,452).
                var header = Concat(Str(Host, $"host-{h:D5}"), Num(TimeHr, time), Num(IntervalHr, 10UL << 30));
                var current = new List<byte>(header);
                foreach (var list in lists)
                {
                    if (current.Count + list.Length > 1346)
                    {
                        datagrams.Add(current.ToArray());
                        current = new List<byte>(header);
                    }

                    current.AddRange(list);
                }

                datagrams.Add(current.ToArray());
                values += 4 * 8 + 3 + 6 + 3 * 2;
            }
        }

        return datagrams;
    }

    /// <summary>
    /// Parses and names on the calling thread and stores on a second one, handing batches over a bounded queue:
    /// the same split as the server's listener and ingest pipeline, so both cores work.
    /// </summary>
    private sealed class StoringReceiver : ICollectdReceiver, IDisposable
    {
        private readonly WriteGraphiteConverter _converter;
        private readonly System.Collections.Concurrent.BlockingCollection<PointBatch> _full = new(4);
        private readonly System.Collections.Concurrent.BlockingCollection<PointBatch> _empty = new();
        private readonly Thread _writer;
        private PointBatch _batch = new(16384);
        private WriteGraphiteCounters _counters;
        private int _pending;

        public StoringReceiver(StorageEngine engine, WriteGraphiteConverter converter)
        {
            _converter = converter;
            for (var i = 0; i < 6; i++)
            {
                _empty.Add(new PointBatch(16384));
            }

            _writer = new Thread(() =>
            {
                // MINE_BENCH_NO_STORE=1 measures parsing and naming alone (the storage thread just recycles).
                var store = Environment.GetEnvironmentVariable("MINE_BENCH_NO_STORE") != "1";
                foreach (var batch in _full.GetConsumingEnumerable())
                {
                    if (store)
                    {
                        engine.Write(batch);
                    }

                    batch.Clear();
                    _empty.Add(batch);
                    Interlocked.Decrement(ref _pending);
                }
            }) { IsBackground = true };
            _writer.Start();
        }

        public void OnValueList(in CollectdValueList values) => _converter.Append(values, _batch, ref _counters);

        public void OnNotification(in CollectdNotification notification)
        {
        }

        public void FlushIfFull()
        {
            if (_batch.Count >= 8192)
            {
                Hand();
            }
        }

        /// <summary>Hands the current batch to the writer and waits until everything handed over is stored.</summary>
        public void Flush()
        {
            Hand();
            while (Volatile.Read(ref _pending) > 0)
            {
                Thread.Sleep(1);
            }
        }

        public void Dispose()
        {
            _full.CompleteAdding();
            _writer.Join();
            _full.Dispose();
            _empty.Dispose();
        }

        private void Hand()
        {
            Interlocked.Increment(ref _pending);
            _full.Add(_batch);
            _batch = _empty.Take();
        }
    }
}
