using Mine.Fuzz.Support;
using Mine.Fuzz.Targets.Protocols;
using Mine.Fuzz.Targets.Query;
using Mine.Fuzz.Targets.Relay;
using Mine.Fuzz.Targets.Storage;
using Mine.Fuzz.Targets.Whisper;

namespace Mine.Fuzz;

/// <summary>Every fuzz target by name. Targets are created on first use (the storage ones build a data folder).</summary>
public static class FuzzTargets
{
    private static readonly Dictionary<string, Func<FuzzTarget>> s_factories = new(StringComparer.Ordinal)
    {
        ["plaintext"] = static () => new PlaintextTarget(),
        ["pickle"] = static () => new PickleTarget(),
        ["collectd"] = static () => new CollectdTarget(),
        ["target"] = static () => new TargetParserTarget(),
        ["attime"] = static () => new AtTimeTarget(),
        ["wal"] = static () => new WalTarget(),
        ["part"] = static () => new PartTarget(),
        ["serieslog"] = static () => new SeriesLogTarget(),
        ["store"] = static () => new StoreTarget(),
        ["importbatch"] = static () => new ImportBatchTarget(),
        ["whisper"] = static () => new WhisperFileTarget(),
        ["forwardframes"] = static () => new ForwardFramesTarget(),
    };

    private static readonly Dictionary<string, FuzzTarget> s_created = new(StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Names => s_factories.Keys;

    /// <summary>The target called <paramref name="name"/>; throws <see cref="ArgumentException"/> naming the known ones.</summary>
    public static FuzzTarget Get(string name)
    {
        lock (s_created)
        {
            if (s_created.TryGetValue(name, out var target))
            {
                return target;
            }

            if (!s_factories.TryGetValue(name, out var factory))
            {
                throw new ArgumentException($"Unknown fuzz target '{name}'; known targets: {string.Join(", ", Names)}.", nameof(name));
            }

            return s_created[name] = factory();
        }
    }
}
