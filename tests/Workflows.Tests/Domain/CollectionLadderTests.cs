using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Tests.Domain;

public class CollectionLadderTests
{
    [Theory]
    [InlineData("cut-water")]
    [InlineData("Power off")]
    [InlineData("停水")]
    [InlineData("暂停供暖 停暖")]
    [InlineData("gas")]
    [InlineData("revoke-access")]
    public void Parse_UtilityOrAccessCutOff_IsRefusedCitingTheCivilCode(string step)
    {
        var e = Assert.Throws<DomainException>(() => CollectionLadder.Parse(step));

        Assert.Contains("944", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TheLadderSteps_InOrder()
    {
        Assert.Equal(CollectionStep.DemandLetter, CollectionLadder.Parse("demand-letter"));
        Assert.Equal(CollectionStep.Reminder, CollectionLadder.Parse("Reminder"));
        Assert.Equal(CollectionStep.Notice, CollectionLadder.Next(CollectionStep.Reminder));
        Assert.Null(CollectionLadder.Next(CollectionStep.Lawsuit));
        Assert.Throws<DomainException>(() => CollectionLadder.Parse("shame-on-noticeboard"));
        Assert.Throws<DomainException>(() => CollectionLadder.Parse("3"));
    }
}
