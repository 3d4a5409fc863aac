namespace PropertyFlow.Engine.Tests;

public class SmokeTests
{
    [Fact]
    public void SourceLocation_ToString_IsLineColon()
    {
        Assert.Equal("3:7", new Model.SourceLocation(3, 7).ToString());
    }
}
