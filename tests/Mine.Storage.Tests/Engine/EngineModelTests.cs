using System.Text;
using Mine.Core.Series;
using Mine.Storage.Engine;
using Mine.Storage.Schemas;
using Mine.Storage.Wal;
using Xunit.Abstractions;

namespace Mine.Storage.Tests.Engine;

/// <summary>
/// Model-based test: the engine against a dictionary of slots under random writes (good, refused and overwriting
/// points), flushes, merges, clean restarts and crashes. A crash is a copy of the data folder taken while the
/// engine runs (its flush thread may be mid-flush), in the order in which a kill -9 could have left it, then
/// opened as the folder of the next engine. After every step the engine must answer exactly what the model holds.
/// </summary>
public sealed class EngineModelTests(ITestOutputHelper output) : IDisposable
{
    private const int Step = 10;
    private const long Retention = 2 * 86400;
    private const long Now = EngineFixture.T0 + (3 * 86400);
    private static readonly string[] BadNames = ["a..b", ".lead", "trail.", "a b", "x;", "x;=v", ";k=v", "tab\tname"];

    private readonly List<string> _directories = [];
    private readonly Dictionary<(string Name, long Slot), double> _model = [];
    private readonly HashSet<string> _refusedOnly = [];
    private readonly HashSet<string> _modelNames = [];
    private readonly List<string> _log = [];
    private StorageEngine? _engine;
    private string _directory = "";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Engine_matches_a_trivial_model_under_random_operations_and_crashes(int seed)
    {
        var random = new Random(seed);
        Open(NewDirectory());
        var names = Enumerable.Range(0, 40).Select(i => $"model.host-{i:D2}.metric").ToArray();
        var fresh = 0;
        for (var operation = 0; operation < 150; operation++)
        {
            var roll = random.Next(100);
            string what;
            if (roll < 60)
            {
                what = WriteRandomBatch(random, names, ref fresh);
            }
            else if (roll < 70)
            {
                _engine!.FlushNow();
                what = "flush";
            }
            else if (roll < 75)
            {
                _engine!.CompactNow();
                what = "compact";
            }
            else if (roll < 85)
            {
                Crash();
                what = "crash";
            }
            else if (roll < 90)
            {
                _engine!.Dispose();
                Open(_directory);
                what = "restart";
            }
            else
            {
                what = "check";
            }

            VerifyAgainstModel($"seed {seed}, operation {operation} ({what})", random, sample: roll >= 90 ? int.MaxValue : 6);
        }

        VerifyAgainstModel($"seed {seed}, at the end", random, sample: int.MaxValue);
        output.WriteLine($"{_model.Count} slots in the model, {_engine!.SeriesCount} series");
    }

    private string WriteRandomBatch(Random random, string[] names, ref int fresh)
    {
        var batch = new PointBatch(64);
        var expected = new List<((string, long), double)>();
        var count = random.Next(1, 200);
        int expectBad = 0, expectOld = 0, expectFuture = 0;
        var batchNames = new List<(string Name, bool Accepted)>();
        for (var i = 0; i < count; i++)
        {
            var kind = random.Next(100);
            var name = kind < 90 ? names[random.Next(names.Length)] : kind < 95 ? BadNames[random.Next(BadNames.Length)] : $"model.fresh-{fresh++}.x";
            var timeKind = random.Next(100);
            var time = timeKind switch
            {
                < 85 => Now - random.NextInt64(0, Retention),
                < 90 => Now - Retention - random.NextInt64(0, 86400),
                < 95 => Now + 601 + random.NextInt64(0, 86400),
                _ => Now + random.NextInt64(1, 600),
            };
            var value = random.Next(5) == 0 ? Math.Round(random.NextDouble() * 1e6, 3) : random.Next(-1000, 1000);
            batch.Add(name, time, value);

            var badName = MetricNames.Check(Encoding.UTF8.GetBytes(name)) != MetricNameProblem.None;
            // The engine's order: the future first, then (for a new series) the name, then the age.
            var future = time > Now + 600;
            var bad = !future && badName;
            var old = !future && !bad && Now - time >= Retention;
            var accepted = !future && !old && !badName;
            expectFuture += future ? 1 : 0;
            expectBad += bad ? 1 : 0;
            expectOld += old ? 1 : 0;
            batchNames.Add((name, accepted));
            if (accepted)
            {
                expected.Add(((name, time - (time % Step)), value));
            }
        }

        var result = _engine!.Write(batch, int.MaxValue);
        Assert.Equal((count, expected.Count, expectOld, expectFuture, expectBad), (result.Offered, result.Accepted, result.TooOld, result.InFuture, result.BadName));
        foreach (var (key, value) in expected)
        {
            _model[key] = value; // later points of the batch win, as in the engine
            _modelNames.Add(key.Item1);
        }

        foreach (var (name, accepted) in batchNames)
        {
            if (accepted)
            {
                _refusedOnly.Remove(name);
            }
            else if (!_modelNames.Contains(name))
            {
                _refusedOnly.Add(name);
            }
        }

        return $"write {count}";
    }

    private void VerifyAgainstModel(string context, Random random, int sample)
    {
        var names = _modelNames.Order(StringComparer.Ordinal).ToList();
        if (sample < names.Count)
        {
            names = names.OrderBy(_ => random.Next()).Take(sample).ToList();
        }

        foreach (var name in names)
        {
            var fetched = _engine!.Fetch(name, Now - Retention, Now, Now);
            Assert.True(fetched is not null, $"{context}: {name} is unknown");
            for (var i = 0; i < fetched.Values.Length; i++)
            {
                var slot = fetched.Start + (i * fetched.Step);
                var expected = _model.TryGetValue((name, slot), out var value) ? value : double.NaN;
                if (!expected.Equals(fetched.Values[i]))
                {
                    Assert.Fail($"{context}: {name} @ {slot}: engine has {fetched.Values[i]}, model has {expected}\n{string.Join('\n', _log.TakeLast(30))}");
                }
            }
        }

        foreach (var name in _refusedOnly)
        {
            Assert.True(_engine!.Fetch(name, Now - Retention, Now, Now) is null, $"{context}: {name} exists although every point of it was refused");
        }
    }

    /// <summary>A kill -9 at this moment, as far as files go (see <see cref="CrashCopy"/>).</summary>
    private void Crash()
    {
        var copy = NewDirectory();
        CrashCopy.Take(_directory, copy);
        _engine!.Dispose();
        Open(copy);
    }

    private string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "mine-model-" + Guid.NewGuid().ToString("N"));
        _directories.Add(directory);
        return directory;
    }

    private void Open(string directory)
    {
        _directory = directory;
        _engine = StorageEngine.Open(new StorageOptions
        {
            DataDirectory = directory,
            Schemas = StorageSchemas.Parse("[model]\npattern = .*\nretentions = 10s:2d\n", "model-schemas"),
            Aggregation = StorageAggregation.Parse("[model]\npattern = .*\nxFilesFactor = 0\naggregationMethod = average\n", "model-aggregation"),
            HeadCapacityPoints = 1000,
            Time = new ManualClock(Now),
            BackgroundMaintenance = false,
            WalSyncMode = WalSyncMode.None,
            Log = message =>
            {
                lock (_log)
                {
                    _log.Add(message);
                }
            },
        });
    }

    public void Dispose()
    {
        _engine?.Dispose();
        foreach (var directory in _directories)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
