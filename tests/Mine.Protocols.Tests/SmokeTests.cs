namespace Mine.Protocols.Tests;
public class SmokeTests
{
    [Fact]
    public void Builds() => Assert.True(true);
}
