using System.Text;
using Mine.Protocols.Collectd;

namespace Mine.Protocols.Tests.Collectd;

public class WriteGraphiteNamerTests
{
    private static readonly WriteGraphiteOptions At = new() { EscapeCharacter = '@' };

    public static TheoryData<WriteGraphiteOptions, string, string, string> Examples => new()
    {
        // wire-protocols.md §3 examples (host example.com, plugin test, type single, escape '@').
        { At, "example.com/test/single", "", "example@com.test.single" },
        { At, "example.com/test-foo/single-bar", "", "example@com.test-foo.single-bar" },
        { At with { SeparateInstances = true }, "example.com/test-foo/single-bar", "", "example@com.test.foo.single.bar" },
        { At with { Prefix = "foo.", Postfix = ".bar" }, "example.com/test/single", "", "foo.example@com.bar.test.single" },
        // Observed from a real collectd 5.12 (wire-protocols.md §1.8 / §3).
        { new() { Prefix = "collectd." }, "testhost.example.com/load/load", "shortterm", "collectd.testhost_example_com.load.load.shortterm" },
        { new(), "h/cpu-1/cpu-user", "", "h.cpu-1.cpu-user" },
        { new() { AlwaysAppendDS = true }, "h/cpu-1/cpu-user", "value", "h.cpu-1.cpu-user.value" },
        { new() { PreserveSeparator = true }, "a.b.c/p-x.y/t-z.w", "", "a.b.c.p-x.y.t-z.w" },
        { new(), "a.b.c/p-x.y/t-z.w", "", "a_b_c.p-x_y.t-z_w" },
        { new() { ReverseHost = true }, "web1.ams.example.com/load/load", "shortterm", "com_example_ams_web1.load.load.shortterm" },
        { new() { ReverseHost = true, PreserveSeparator = true }, "web1.example.com/p/t", "", "com.example.web1.p.t" },
        { new() { ReverseHost = true }, "localhost/p/t", "", "localhost.p.t" },
        // DropDuplicateFields (format_graphite.c gr_format_name).
        { new() { DropDuplicateFields = true }, "h/memory/memory-used", "", "h.memory.used" },
        { new() { DropDuplicateFields = true }, "h/load/load", "shortterm", "h.load.shortterm" },
        { new() { DropDuplicateFields = true }, "h/uptime/uptime", "", "h.uptime.uptime" },
        { new() { DropDuplicateFields = true }, "h/if_octets-x/if_octets-if_octets-x", "rx", "h.if_octets-x.rx" },
        { new() { DropDuplicateFields = true }, "h/interface-eth0/if_octets", "rx", "h.interface-eth0.if_octets.rx" },
        { new() { DropDuplicateFields = true, SeparateInstances = true }, "h/memory/memory-used", "", "h.memory.used" },
        // Prefix and postfix are not field-escaped, but the forbidden characters are escaped in the whole key.
        { new() { Prefix = "my prefix/", Postfix = "(x)" }, "h/p/t", "", "my_prefix_h_x_.p.t" },
        // Fields are C strings: everything after a NUL is ignored.
        { new(), "h\0junk/p/t", "", "h.p.t" },
        { new(), "héllo wörld/p/t", "", "héllo_wörld.p.t" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Names_like_write_graphite(WriteGraphiteOptions options, string identifier, string dsName, string expected)
    {
        var (host, plugin, pluginInstance, type, typeInstance) = WriteGraphiteTestLists.Split(identifier);
        var namer = new WriteGraphiteNamer(options);
        Assert.Equal(expected, namer.FormatName(host, plugin, pluginInstance, type, typeInstance, dsName));
    }

    [Theory]
    [InlineData("/", "p", "/", "t", "", "root.p-root.t")]
    [InlineData("h", "df", "/var/log", "df_complex", "free", "h.df-var_log.df_complex-free")]
    [InlineData("h", "p", "a/b", "t", "//x", "h.p-a_b.t-_x")]
    [InlineData("h", "p", "/", "t", "x/", "h.p-root.t-x_")]
    public void Unslashes_fields_first_like_plugin_dispatch_values(
        string host, string plugin, string pluginInstance, string type, string typeInstance, string expected)
    {
        // plugin.c escape_slashes: "/" → "root", one leading '/' dropped, other '/' → '_' (not the escape character).
        var namer = new WriteGraphiteNamer(new WriteGraphiteOptions { EscapeCharacter = '@' });
        Assert.Equal(expected, namer.FormatName(host, plugin, pluginInstance, type, typeInstance));
    }

    [Theory]
    [InlineData(' ')]
    [InlineData('\t')]
    [InlineData('"')]
    [InlineData('\\')]
    [InlineData(':')]
    [InlineData('!')]
    [InlineData(',')]
    [InlineData('/')]
    [InlineData('(')]
    [InlineData(')')]
    [InlineData('\n')]
    [InlineData('\r')]
    [InlineData('\u0001')]
    [InlineData('\u001f')]
    [InlineData('\u007f')]
    [InlineData('\v')]
    [InlineData('\f')]
    [InlineData('.')]
    public void Escapes_every_special_character_in_every_field(char special)
    {
        var namer = new WriteGraphiteNamer(new WriteGraphiteOptions { EscapeCharacter = '@', AlwaysAppendDS = true });
        var s = $"a{special}b";

        // A '/' inside a field is turned into '_' by escape_slashes before write_graphite sees it. The DS name (from
        // types.db) is not field-escaped: only the final pass over the whole key touches it, for the forbidden set.
        var escaped = special == '/' ? "a_b" : "a@b";
        var dsName = " \t\"\\:!,/()\n\r".Contains(special, StringComparison.Ordinal) ? "a@b" : s;
        Assert.Equal($"{escaped}.{escaped}-{escaped}.{escaped}-{escaped}.{dsName}", namer.FormatName(s, s, s, s, s, s));
    }

    [Theory]
    [InlineData('#')]
    [InlineData('-')]
    [InlineData('_')]
    [InlineData(';')]
    [InlineData('=')]
    [InlineData('@')]
    [InlineData('~')]
    [InlineData('\'')]
    public void Keeps_ordinary_characters(char ordinary)
    {
        var namer = new WriteGraphiteNamer(new WriteGraphiteOptions());
        Assert.Equal($"a{ordinary}b.p.t", namer.FormatName($"a{ordinary}b", "p", "", "t", ""));
    }

    [Theory]
    [InlineData(' ')]
    [InlineData(':')]
    [InlineData('/')]
    [InlineData('\u00e9')]
    [InlineData('\u0000')]
    public void Rejects_escape_characters_collectd_would_assert_on(char escape)
    {
        Assert.Throws<ArgumentException>(() => new WriteGraphiteNamer(new WriteGraphiteOptions { EscapeCharacter = escape }));
    }

    [Fact]
    public void Writes_into_a_caller_buffer()
    {
        var namer = new WriteGraphiteNamer(new WriteGraphiteOptions());
        Span<byte> buffer = stackalloc byte[WriteGraphiteNamer.MaxNameLength];
        var length = namer.FormatName("h.x"u8, "load"u8, ""u8, "load"u8, ""u8, "midterm"u8, buffer);
        Assert.Equal("h_x.load.load.midterm", Encoding.UTF8.GetString(buffer[..length]));
    }

    [Fact]
    public void Long_fields_are_cut_at_127_bytes_like_collectds_buffers()
    {
        var namer = new WriteGraphiteNamer(new WriteGraphiteOptions());
        var name = namer.FormatName(new string('h', 300), "p", "", "t", "");
        Assert.Equal(new string('h', 127) + ".p.t", name);
    }
}
