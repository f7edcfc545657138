using Mine.Storage.Index;

namespace Mine.Storage.Tests.Index;

/// <summary>
/// Glob results compared with graphite-web 1.1.8's own StandardFinder: the expectations in
/// <see cref="GraphiteGlobOracleCases"/> were produced by running the real finder over a whisper directory holding
/// the same names (see graphite_glob_oracle.py next to this file for how, including braces that span dots).
/// </summary>
public class GraphiteGlobOracleTests
{
    private static readonly MetricNameIndex Index = Build();

    public static TheoryData<string> Patterns()
    {
        var data = new TheoryData<string>();
        foreach (var (pattern, _) in GraphiteGlobOracleCases.Cases)
        {
            data.Add(pattern);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Patterns))]
    public void Find_matches_graphite_web(string pattern)
    {
        var expected = GraphiteGlobOracleCases.Cases.Single(c => c.Pattern == pattern).Expected;

        var actual = Index.Find(pattern).Select(n => (n.IsLeaf ? "L:" : "B:") + n.Path).ToArray();

        Assert.Equal(expected, actual); // same set, and in Mine's order: ordinal path, branch before leaf
    }

    [Theory]
    [MemberData(nameof(Patterns))]
    public void FindLeaves_returns_the_leaves_of_Find_with_their_ids(string pattern)
    {
        var expected = GraphiteGlobOracleCases.Cases.Single(c => c.Pattern == pattern).Expected
            .Where(e => e.StartsWith("L:", StringComparison.Ordinal))
            .Select(e => e[2..])
            .ToArray();

        var actual = Index.FindLeaves(pattern);

        Assert.Equal(expected, actual.Select(l => l.Name).ToArray());
        Assert.All(actual, l => Assert.Equal(Array.IndexOf(GraphiteGlobOracleCases.Names, l.Name), l.Key));
    }

    private static MetricNameIndex Build()
    {
        var index = new MetricNameIndex();
        for (var id = 0; id < GraphiteGlobOracleCases.Names.Length; id++)
        {
            Assert.True(index.TryAdd(GraphiteGlobOracleCases.Names[id], id));
        }

        return index;
    }
}
