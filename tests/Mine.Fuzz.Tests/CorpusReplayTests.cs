using Mine.Fuzz.Support;

namespace Mine.Fuzz.Tests;

/// <summary>
/// The regression net: every file of fuzz/corpus (seeds, and inputs that once broke something) goes through its
/// target in this process, with the target's invariants, on every test run. Fast, and needs no afl-fuzz.
/// </summary>
public sealed class CorpusReplayTests
{
    public static TheoryData<string, string> CorpusFiles()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in FuzzTargets.Names)
        {
            var folder = Path.Combine(FuzzPaths.Corpus, target);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                data.Add(target, Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Corpus_input_passes_its_target(string target, string file)
    {
        var path = Path.Combine(FuzzPaths.Corpus, target, file);
        var input = File.ReadAllBytes(path);
        try
        {
            FuzzTargets.Get(target).Run(input);
        }
        catch (Exception error)
        {
            Assert.Fail($"fuzz/corpus/{target}/{file} fails target '{target}': {error}\n" +
                $"input (hex): {Hex.Describe(input)}\nreproduce: dotnet run --project fuzz/Mine.Fuzz -- run {target} fuzz/corpus/{target}/{file}");
        }
    }

    [Fact]
    public void Every_target_has_a_small_corpus()
    {
        foreach (var target in FuzzTargets.Names)
        {
            var folder = Path.Combine(FuzzPaths.Corpus, target);
            Assert.True(Directory.Exists(folder) && Directory.GetFiles(folder).Length > 0, $"target '{target}' has no seeds in fuzz/corpus/{target}");

            // afl-fuzz works best from small seeds; a big corpus also slows this replay down.
            var bytes = Directory.GetFiles(folder).Sum(static f => new FileInfo(f).Length);
            Assert.True(bytes <= 64 * 1024, $"fuzz/corpus/{target} holds {bytes} bytes; keep seeds small (minimize with afl-tmin)");
        }
    }
}
