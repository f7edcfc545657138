using Mine.Relay.Buffer;
using Mine.Relay.Routing;

namespace Mine.Relay.Tests.Buffer;

public sealed class BufferKeysTests
{
    [Theory]
    [InlineData("10.0.0.1:2004", "10.0.0.1_2004")]
    [InlineData("10.0.0.1:2004:a", "10.0.0.1_2004_a")]
    [InlineData("centre-1.example.org:2004:b", "centre-1.example.org_2004_b")]
    [InlineData("[::1]:2003", "%5B__1%5D_2003")]
    [InlineData("[2001:db8::7]:2004:x", "%5B2001_db8__7%5D_2004_x")]
    [InlineData("my_host:2004:my_instance", "my%5Fhost_2004_my%5Finstance")]
    [InlineData(".hidden:2004", "%2Ehidden_2004")]
    public void A_destination_key_is_its_address_written_as_a_folder_name(string destination, string key)
    {
        Assert.Equal(key, BufferKeys.For(Destination.Parse(destination)));
    }

    [Fact]
    public void Destinations_that_differ_never_share_a_key_and_every_key_opens_a_buffer()
    {
        string[] destinations =
        [
            "a_1:2", "a:1:2", "a:12", "a_1:2:3", "a:1_2:3", "a:2:1_3", "a:2:1:3", "[::1]:2003", "[::1]:2003:a", "__1:2003",
            "x.y:1", "x_y:1", "x-y:1", "A:1", "a:1", ".a:1", "%2Ea:1",
        ];
        var parsed = destinations.Where(d => Destination.TryParse(d, out _, out _)).Select(Destination.Parse).Distinct().ToList();
        var keys = parsed.Select(BufferKeys.For).ToList();

        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        using var folder = new BufferFolder();
        using var buffer = ChunkBuffer.Open(folder.Path, keys, new ChunkBufferOptions { ChunkLimitBytes = 1000, TotalLimitBytes = 1 << 20 });
        Assert.All(keys, key => Assert.True(Directory.Exists(Path.Combine(folder.Path, key))));
    }
}
