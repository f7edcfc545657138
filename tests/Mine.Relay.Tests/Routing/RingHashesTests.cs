using System.Security.Cryptography;
using System.Text;
using Mine.Relay.Routing;

namespace Mine.Relay.Tests.Routing;

/// <summary>The vectors of docs wire-protocols.md §4.3, checked there against carbon's own hashing module.</summary>
public sealed class RingHashesTests
{
    [Theory]
    [InlineData("('10.0.0.1', 'a'):0", 31534)]
    [InlineData("foo.bar", 1273)]
    [InlineData("collectd.web01.load.load.shortterm", 21305)]
    public void CarbonPosition_is_the_first_two_MD5_bytes_big_endian(string key, int position) =>
        Assert.Equal(position, RingHashes.CarbonPosition(Encoding.UTF8.GetBytes(key)));

    [Fact]
    public void Fnv1a32_matches_the_reference_vector()
    {
        Assert.Equal(0xcb942ef4u, RingHashes.Fnv1a32("foo.bar"u8));
        Assert.Equal(2166136261u, RingHashes.Fnv1a32([]));
        Assert.Equal(0xcb94 ^ 0x2ef4, RingHashes.Fnv1aPosition("foo.bar"u8));
    }

    [Fact]
    public void Carbon_replica_keys_are_the_Python_tuple_repr_without_the_port()
    {
        Assert.Equal("('10.0.0.1', 'a'):0", HashRingBuilder.CarbonReplicaKey(Destination.Parse("10.0.0.1:2004:a"), 0));
        Assert.Equal("('10.0.0.3', None):7", HashRingBuilder.CarbonReplicaKey(Destination.Parse("10.0.0.3:2003"), 7));
        Assert.Equal("('::1', 'b'):99", HashRingBuilder.CarbonReplicaKey(Destination.Parse("[::1]:2003:b"), 99));
    }

    [Fact]
    public void Fnv1a_replica_keys_use_the_instance_or_else_host_and_port()
    {
        Assert.Equal("0-a", HashRingBuilder.Fnv1aReplicaKey(Destination.Parse("10.0.0.1:2004:a"), 0));
        Assert.Equal("42-10.0.0.3:2003", HashRingBuilder.Fnv1aReplicaKey(Destination.Parse("10.0.0.3:2003"), 42));
    }

    [Fact]
    public void PathBeforeTags_stops_at_the_first_semicolon() =>
        Assert.Equal("cpu.load"u8.ToArray(), RingHashes.PathBeforeTags("cpu.load;dc=eu;host=a"u8).ToArray());

    [Fact]
    public void Managed_MD5_prefix_matches_the_platform_MD5_at_every_length_up_to_300()
    {
        var random = new Random(20260712);
        var digest = new byte[16];
        for (var length = 0; length <= 300; length++)
        {
            for (var trial = 0; trial < 20; trial++)
            {
                var data = new byte[length];
                random.NextBytes(data);
#pragma warning disable CA5351 // The reference the ring's hash is checked against, not security.
                MD5.HashData(data, digest);
#pragma warning restore CA5351
                Assert.Equal((digest[0] << 8) | digest[1], Md5Prefix.FirstTwoBytes(data));
            }
        }
    }
}
