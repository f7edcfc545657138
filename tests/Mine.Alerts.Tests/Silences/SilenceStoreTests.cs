using Mine.Alerts.Silences;

namespace Mine.Alerts.Tests.Silences;

public sealed class SilenceStoreTests : IDisposable
{
    private const long T0 = 1_780_000_000;
    private readonly string _folder = Directory.CreateTempSubdirectory("mine-silences").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_silence_matches_its_host_or_group_and_kind_only()
    {
        var store = new SilenceStore(_folder);
        store.Add("web-1", null, null, T0, 3600, "maintenance");
        store.Add(null, "db", AlertKind.Stale, T0, 3600, "");
        Assert.NotNull(store.Matching("web-1", "web", AlertKind.Landmine, T0 + 10));
        Assert.Null(store.Matching("web-2", "web", AlertKind.Landmine, T0 + 10));
        Assert.NotNull(store.Matching("db-3", "db", AlertKind.Stale, T0 + 10));
        Assert.Null(store.Matching("db-3", "db", AlertKind.Rule, T0 + 10));
    }

    [Fact]
    public void A_silence_expires_by_itself()
    {
        var store = new SilenceStore(_folder);
        store.Add("web-1", null, null, T0, 600, "");
        Assert.NotNull(store.Matching("web-1", "web", AlertKind.Stale, T0 + 599));
        Assert.Null(store.Matching("web-1", "web", AlertKind.Stale, T0 + 600));
        Assert.Empty(store.Active(T0 + 600));
        store.Prune(T0 + 600);
        Assert.Empty(new SilenceStore(_folder).Active(T0));
    }

    [Fact]
    public void Silences_survive_a_restart_and_deletes_too()
    {
        var store = new SilenceStore(_folder);
        var kept = store.Add("web-1", null, AlertKind.Landmine, T0, 3600, "deploy");
        var deleted = store.Add(null, "db", null, T0, 3600, "");
        Assert.True(store.Delete(deleted.Id));
        Assert.False(store.Delete(deleted.Id));
        var reopened = new SilenceStore(_folder);
        Assert.Equal([kept], reopened.Active(T0 + 1));
    }

    [Fact]
    public void A_silence_without_host_or_group_or_duration_is_refused()
    {
        var store = new SilenceStore(_folder);
        Assert.Contains("needs a host or a group", Assert.Throws<ArgumentException>(() => store.Add(" ", null, AlertKind.Stale, T0, 60, "")).Message, StringComparison.Ordinal);
        Assert.Contains("duration", Assert.Throws<ArgumentException>(() => store.Add("web-1", null, null, T0, 0, "")).Message, StringComparison.Ordinal);
    }
}
