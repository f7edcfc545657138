using Mine.Storage.Index;

namespace Mine.Storage.Tests.Index;

/// <summary>
/// Random globs over random names: the tree walk (sorted small tables, hashed large ones, cached views with unsorted
/// tails, prefix skipping) must return exactly what a brute-force scan of every path returns, in the same order.
/// The scan reuses the fnmatch and brace semantics checked against CPython and graphite-web elsewhere.
/// </summary>
public class GlobWalkerDifferentialTests
{
    // '!', '+', ',' and '-' sort before '.', which is what makes sibling order subtle.
    private const string NameAlphabet = "ab-+!1";
    private const string PatternAlphabet = "ab-+!1*?[]";

    [Fact]
    public void Walk_equals_brute_force_scan()
    {
        var random = new Random(12345);
        var index = new MetricNameIndex();
        var names = new List<string>();
        var failures = new List<string>();
        var nonEmpty = 0;
        var large = 0;

        for (var round = 0; round < 4; round++)
        {
            // Grow the tree between query rounds so large tables have stale sorted views with tails.
            for (var i = 0; i < 400; i++)
            {
                var name = RandomName(random, round);
                if (index.TryAdd(name, names.Count))
                {
                    names.Add(name);
                }
            }

            for (var q = 0; q < 120 && failures.Count < 5; q++)
            {
                var glob = RandomGlob(random);
                var expected = BruteForce(names, glob);
                var actual = index.Find(glob).Select(n => (n.IsLeaf ? "L:" : "B:") + n.Path).ToList();
                nonEmpty += actual.Count > 0 ? 1 : 0;
                large += actual.Count > 20 ? 1 : 0;
                if (!expected.SequenceEqual(actual))
                {
                    failures.Add($"{glob}: expected [{string.Join(' ', expected)}] got [{string.Join(' ', actual)}]");
                }
            }
        }

        Assert.Empty(failures);
        Assert.True(nonEmpty > 150 && large > 30, $"only {nonEmpty} globs matched anything ({large} many): the test proves too little");
    }

    /// <summary>
    /// The folded walk (treejson: a path made only for each name's first node) keeps, for every last name, the same
    /// node as folding the full answer, with the same match count and branch flag; names mix characters from U+E000
    /// up with surrogate pairs, where ordinal and code-point order disagree.
    /// </summary>
    [Fact]
    public void Folded_walk_equals_folding_the_full_answer()
    {
        var random = new Random(4242);
        var index = new MetricNameIndex();
        string[] extras = ["a", "b", "-", "\uE000", "\U0001F600", "\uFFFD"];
        var failures = new List<string>();
        var folded = 0;
        for (var i = 0; i < 1500; i++)
        {
            var depth = random.Next(1, 4);
            var name = string.Join('.', Enumerable.Range(0, depth + 1).Select(_ => "n" + extras[random.Next(extras.Length)] + random.Next(3)));
            index.TryAdd(name, i);
        }

        foreach (var glob in new[] { "*", "*.*", "*.*.*", "*.n*.*", "*.*.*.*", "n?0.*", "*.{na0,nb1}", "*.*.n[ab]*", "{na0,nb1}.*.*", "*.n\uE0000.*" })
        {
            var full = Mine.Core.Series.FoldedFind.Of(index.Find(glob));
            var walked = index.FindFolded(glob);
            folded += full.Firsts.Count < full.Matched ? 1 : 0;
            var expected = full.Firsts.OrderBy(n => n.Path, StringComparer.Ordinal).ThenBy(n => n.IsLeaf).ToList();
            var actual = walked.Firsts.OrderBy(n => n.Path, StringComparer.Ordinal).ThenBy(n => n.IsLeaf).ToList();
            if (!expected.SequenceEqual(actual) || full.Matched != walked.Matched || full.AnyBranch != walked.AnyBranch)
            {
                failures.Add($"{glob}: expected {full.Matched} {full.AnyBranch} [{string.Join(' ', expected)}] got {walked.Matched} {walked.AnyBranch} [{string.Join(' ', actual)}]");
            }
        }

        Assert.Empty(failures);
        Assert.True(folded >= 5, $"only {folded} globs folded anything: the test proves too little");
    }

    private static string RandomName(Random random, int round)
    {
        // A wide first level (hundreds of siblings: large tables) and narrow deeper ones (small tables).
        var components = new List<string> { "h" + random.Next(40 * (round + 1)).ToString("D3") + RandomText(random, NameAlphabet, 0, 2) };
        var depth = random.Next(1, 4);
        for (var i = 0; i < depth; i++)
        {
            components.Add(RandomText(random, NameAlphabet, 1, 3));
        }

        return string.Join('.', components);
    }

    private static string RandomGlob(Random random)
    {
        var first = random.Next(4) switch
        {
            0 => "h0*",
            1 => "h" + random.Next(10) + "*",
            2 => "*",
            _ => "h0[0-4]?" + RandomText(random, PatternAlphabet, 0, 2),
        };
        var components = new List<string> { first };
        var depth = random.Next(1, 4);
        for (var i = 0; i < depth; i++)
        {
            components.Add(random.Next(5) switch
            {
                0 => "{" + RandomText(random, NameAlphabet, 1, 2) + "," + RandomText(random, PatternAlphabet, 1, 2) + "}",
                1 => "*",
                _ => RandomText(random, PatternAlphabet, 1, 3),
            });
        }

        var glob = string.Join('.', components);
        return random.Next(6) == 0 ? "{" + glob + "," + RandomText(random, NameAlphabet, 1, 2) + ".*}" : glob;
    }

    private static string RandomText(Random random, string alphabet, int min, int max)
    {
        var length = random.Next(min, max + 1);
        return string.Concat(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]));
    }

    /// <summary>Every path (leaf names and their proper prefixes as branches) tested against every brace variant.</summary>
    private static List<string> BruteForce(List<string> names, string glob)
    {
        var variants = BraceExpression.ExpandAll(BraceExpression.Parse(glob).Parts, GlobQuery.MaxAlternatives)
            .Select(v => v.Split('.'))
            .ToList();
        var results = new SortedSet<(string Path, bool IsLeaf)>(Comparer<(string Path, bool IsLeaf)>.Create((x, y) =>
        {
            var byPath = string.CompareOrdinal(x.Path, y.Path);
            return byPath != 0 ? byPath : x.IsLeaf.CompareTo(y.IsLeaf);
        }));
        foreach (var name in names)
        {
            var parts = name.Split('.');
            for (var depth = 1; depth <= parts.Length; depth++)
            {
                var isLeaf = depth == parts.Length;
                if (variants.Any(v => v.Length == depth && v.Zip(parts).All(p => ComponentMatches(p.First, p.Second))))
                {
                    results.Add((string.Join('.', parts.Take(depth)), isLeaf));
                }
            }
        }

        return results.Select(r => (r.IsLeaf ? "L:" : "B:") + r.Path).ToList();
    }

    private static readonly Dictionary<string, FnMatchPattern> Compiled = [];

    private static bool ComponentMatches(string pattern, string name)
    {
        if (!FnMatchPattern.HasWildcard(pattern))
        {
            return pattern == name;
        }

        if (!Compiled.TryGetValue(pattern, out var compiled))
        {
            Compiled[pattern] = compiled = FnMatchPattern.Compile(pattern);
        }

        return compiled.IsMatch(name);
    }
}
