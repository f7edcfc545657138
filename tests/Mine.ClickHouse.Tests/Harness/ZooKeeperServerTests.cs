using Mine.TestKit.ClickHouse;

namespace Mine.ClickHouse.Tests.Harness;

public sealed class ZooKeeperServerTests
{
    [ClickHouseFact(NeedsZooKeeper = true)]
    public async Task ZooKeeper_answers_imok_and_disposing_removes_its_folder()
    {
        string folder;
        await using (var zooKeeper = await ZooKeeperServer.StartAsync())
        {
            folder = zooKeeper.Folder;
            Assert.Equal("imok", await zooKeeper.FourLetterCommandAsync("ruok"));
            Assert.True(File.Exists(zooKeeper.LogFile));
        }

        Assert.False(Directory.Exists(folder));
    }
}
