using System.Net;

namespace Mine.Server.Tests.Differential;

/// <summary>
/// The tag API of Mine and of the real graphite-web on the differential data set, whose tagged series graphite-web
/// registered (tagMultiSeries) in the order Mine first stores them: the same bodies, the SQL row ids of graphite-web's
/// tag database included.
/// </summary>
[Collection(GraphiteReferenceCollection.Name)]
public sealed class TagsDifferentialTests(DifferentialEnvironment environment)
{
    private static readonly string[] Requests =
    [
        "/tags", "/tags?pretty=1", "/tags?filter=%5Eh", "/tags?limit=2",
        "/tags/dc", "/tags/host", "/tags/name", "/tags/status?pretty=1", "/tags/host?filter=host0%5B16%5D&limit=1", "/tags/nosuch",
        "/tags/findSeries?expr=dc=dc1", "/tags/findSeries?expr=name=~app&expr=status!=200",
        "/tags/autoComplete/tags", "/tags/autoComplete/tags?expr=name%3Ddisk.used", "/tags/autoComplete/values?tag=host&expr=dc%3Ddc2",
    ];

    [GraphiteFact]
    public async Task Tag_api_answers_as_graphite_webs_sql_tag_database()
    {
        var servers = await environment.GetAsync();
        var failures = new List<string>();
        foreach (var request in Requests)
        {
            using var graphite = await servers.Graphite.GetAsync(request);
            using var mine = await servers.Mine.GetAsync(request);
            var (expected, actual) = (await graphite.Content.ReadAsStringAsync(), await mine.Content.ReadAsStringAsync());
            if (graphite.StatusCode != HttpStatusCode.OK || mine.StatusCode != HttpStatusCode.OK || expected != actual)
            {
                failures.Add($"{request}\n    graphite-web {(int)graphite.StatusCode}: {expected}\n    Mine {(int)mine.StatusCode}:         {actual}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
