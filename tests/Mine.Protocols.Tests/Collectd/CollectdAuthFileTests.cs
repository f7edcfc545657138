using Mine.TestKit.Collectd;
using System.Text;
using Mine.Protocols.Collectd;

namespace Mine.Protocols.Tests.Collectd;

/// <summary>collectd's AuthFile format (utils_fbhash.c fbh_read_file, wire-protocols.md §2.3) and reloading.</summary>
public sealed class CollectdAuthFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"mine-collectd-authfile-{Guid.NewGuid():N}");

    public static TheoryData<string, string, string> Lines => new()
    {
        { "plain", "alice: s3cret", "alice=s3cret" },
        { "no space after colon", "alice:s3cret", "alice=s3cret" },
        { "leading blanks skipped", " \t alice: s3cret", "alice=s3cret" },
        { "blanks before colon stay in the key", "alice : s3cret", "alice =s3cret" },
        { "blanks after colon skipped", "alice:\t  s3cret", "alice=s3cret" },
        { "trailing blanks stay in the value", "alice: s3cret  ", "alice=s3cret  " },
        { "CRLF stripped", "alice: s3cret\r\n", "alice=s3cret" },
        { "several CRs stripped", "alice: s3cret\r\r\n", "alice=s3cret" },
        { "value keeps later colons", "alice: a:b: c", "alice=a:b: c" },
        { "empty key allowed", ": pw", "=pw" },
        { "comment", "# alice: s3cret", "" },
        { "indented comment", "   # alice: s3cret", "" },
        { "no colon", "alice s3cret", "" },
        { "no value", "alice:", "" },
        { "only blanks as value", "alice:  \t", "" },
        { "empty line", "", "" },
        { "NUL ends the line", "alice: s3\0cret", "alice=s3" },
        { "first duplicate wins", "alice: one\nalice: two", "alice=one" },
        { "two users", "alice: one\nbob: two\n", "alice=one;bob=two" },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void Parses_like_fbh_read_file(string name, string content, string expected)
    {
        var users = CollectdAuthFile.ParseUsers(Encoding.Latin1.GetBytes(content));
        Assert.True(expected == string.Join(";", users.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => $"{u.Key}={u.Value}")), name);
    }

    [Fact]
    public void Lines_longer_than_fgets_buffer_continue_as_a_new_line()
    {
        // fgets(buffer, 4096) returns 4095 bytes; the remainder of the line is read as the next "line".
        var content = "alice: " + new string('x', 4095 - 7) + "bob: tail\n";
        var users = CollectdAuthFile.ParseUsers(Encoding.Latin1.GetBytes(content));
        Assert.Equal(new string('x', 4088), users["alice"]);
        Assert.Equal("tail", users["bob"]);
    }

    [Fact]
    public void Looks_up_passwords_and_reloads_when_the_file_changes_at_most_once_per_second()
    {
        File.WriteAllText(_path, "alice: s3cret\n");
        var clock = new ManualClock();
        var authFile = new CollectdAuthFile(_path, clock);
        Assert.True(authFile.TryGetPassword("alice", out var password));
        Assert.Equal("s3cret", password);
        Assert.False(authFile.TryGetPassword("bob", out _));

        File.WriteAllText(_path, "alice: changed\nbob: hunter2\n");
        File.SetLastWriteTimeUtc(_path, DateTime.UtcNow.AddSeconds(5));
        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.False(authFile.TryGetPassword("bob", out _)); // not checked yet: < 1 s since the last stat

        clock.Advance(TimeSpan.FromMilliseconds(600));
        Assert.True(authFile.TryGetPassword("bob", out var bobs));
        Assert.Equal("hunter2", bobs);
        Assert.True(authFile.TryGetPassword("alice", out var changed));
        Assert.Equal("changed", changed);
        Assert.Equal(2, authFile.Generation);
    }

    [Fact]
    public void Keeps_the_old_users_when_the_file_disappears()
    {
        File.WriteAllText(_path, "alice: s3cret\n");
        var clock = new ManualClock();
        var authFile = new CollectdAuthFile(_path, clock);
        File.Delete(_path);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(authFile.TryGetPassword("alice", out _));
    }

    [Fact]
    public void Parser_uses_the_new_password_after_reload()
    {
        File.WriteAllText(_path, "alice: s3cret\n");
        var clock = new ManualClock();
        using var parser = new CollectdPacketParser(new CollectdSecurityOptions { Level = CollectdSecurityLevel.Encrypt, AuthFilePath = _path }, timeProvider: clock);
        var payload = CollectdPacketBuilder.SimpleList();
        Assert.Single(CollectdTestParsers.Run(parser, CollectdPacketBuilder.Encrypt("alice", "s3cret", payload)).Receiver.Lists);

        File.WriteAllText(_path, "alice: n3w\n");
        File.SetLastWriteTimeUtc(_path, DateTime.UtcNow.AddSeconds(5));
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Single(CollectdTestParsers.Run(parser, CollectdPacketBuilder.Encrypt("alice", "n3w", payload)).Receiver.Lists);
        Assert.Equal(CollectdRejectReason.ChecksumMismatch, CollectdTestParsers.Run(parser, CollectdPacketBuilder.Encrypt("alice", "s3cret", payload)).Outcome);
    }

    public void Dispose() => File.Delete(_path);

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
