using Mine.Storage.Index;

namespace Mine.Storage.Tests.Index;

/// <summary>Queries running while ingest adds names: nothing torn, nothing lost, nothing added twice.</summary>
public class MetricNameIndexConcurrencyTests
{
    [Fact]
    public async Task Readers_see_consistent_results_while_writers_add()
    {
        var names = FleetNames.Generate(300).ToList(); // 28,800 names
        var idOf = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        var shuffled = names.OrderBy(n => (uint)n.GetHashCode()).ToList();
        var writerSlices = new[] { shuffled.Where((_, i) => i % 2 == 0).ToList(), shuffled.Where((_, i) => i % 2 == 1).ToList() };
        var progress = new int[writerSlices.Length]; // how many of each writer's names are definitely added
        var index = new MetricNameIndex();
        var writersDone = 0;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var roundsDuringWrites = 0;

        var writers = writerSlices.Select((slice, w) => Task.Run(() =>
        {
            foreach (var name in slice)
            {
                index.TryAdd(name, idOf[name]);
                Volatile.Write(ref progress[w], progress[w] + 1);
            }

            Interlocked.Increment(ref writersDone);
        })).ToArray();

        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            var rounds = 0;
            while (Volatile.Read(ref writersDone) < writers.Length || rounds < 3)
            {
                rounds++;
                var addedBefore = writerSlices.SelectMany((slice, w) => slice.Take(Volatile.Read(ref progress[w]))).ToList();
                if (addedBefore.Count < names.Count)
                {
                    Interlocked.Increment(ref roundsDuringWrites);
                }

                var glob = r == 0 ? "servers.*.cpu-*.*" : "servers.{web,db}-*.{cpu-0,load.load}.*";
                var leaves = index.FindLeaves(glob);
                var found = new HashSet<string>(StringComparer.Ordinal);
                string? previous = null;
                foreach (var (name, id) in leaves)
                {
                    if (!found.Add(name) || (previous is not null && string.CompareOrdinal(previous, name) >= 0))
                    {
                        failures.Enqueue($"out of order or duplicate: {previous} then {name}");
                    }

                    if (idOf[name] != id)
                    {
                        failures.Enqueue($"{name} has id {id}, expected {idOf[name]}");
                    }

                    previous = name;
                }

                var pattern = ReaderGlobs.Matches(glob);
                foreach (var name in addedBefore.Where(pattern))
                {
                    if (!found.Contains(name))
                    {
                        failures.Enqueue($"{name} was added before the query started but not found");
                    }
                }

                foreach (var name in addedBefore.Take(200))
                {
                    if (!index.TryGetId(name, out var id) || id != idOf[name])
                    {
                        failures.Enqueue($"TryGetId({name}) failed after it was added");
                    }
                }

                if (failures.Count > 20)
                {
                    return;
                }
            }
        })).ToArray();

        await Task.WhenAll([.. writers, .. readers]);

        Assert.Empty(failures);
        Assert.True(roundsDuringWrites > 0, "no query overlapped the writes; the test proved nothing");
        Assert.Equal(names.Count, index.Count);
        Assert.Equal(300 * 32, index.Find("servers.*.cpu-*.*").Count);
        Assert.Equal(names.Order(StringComparer.Ordinal), index.All().Select(a => a.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Concurrent_adds_of_the_same_names_create_each_once()
    {
        var names = FleetNames.Generate(50).ToList();
        var index = new MetricNameIndex();
        var added = 0;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (index.TryAdd(names[i], i))
                {
                    Interlocked.Increment(ref added);
                }
            }
        })));

        Assert.Equal(names.Count, added);
        Assert.Equal(names.Count, index.Count);
        Assert.Equal(names.Count, index.FindLeaves("servers.*.*.*").Count + index.FindLeaves("servers.*.*.*.*").Count);
    }

    /// <summary>The two globs the readers use, as plain predicates for checking completeness.</summary>
    private static class ReaderGlobs
    {
        public static Func<string, bool> Matches(string glob) => glob switch
        {
            "servers.*.cpu-*.*" => name => name.Split('.') is [_, _, var c, _] && c.StartsWith("cpu-", StringComparison.Ordinal),
            _ => name => name.Split('.') is var p
                && (p[1].StartsWith("web-", StringComparison.Ordinal) || p[1].StartsWith("db-", StringComparison.Ordinal))
                && ((p.Length == 4 && p[2] == "cpu-0") || (p.Length == 5 && p[2] == "load" && p[3] == "load")),
        };
    }
}
