using PropertyFlow.Engine.Parsing;

namespace PropertyFlow.Engine.Tests.Parsing;

public class BpmnProblemTests
{
    [Fact]
    public void ToString_WithElementId_IsLineColonColumnIdMessage() =>
        Assert.Equal("12:5: Task_1: boom", new BpmnProblem(12, 5, "Task_1", "boom").ToString());

    [Fact]
    public void ToString_WithoutElementId_LeavesIdOut() =>
        Assert.Equal("3:1: boom", new BpmnProblem(3, 1, null, "boom").ToString());

    [Fact]
    public void ToString_WithoutPosition_LeavesPositionOut() =>
        Assert.Equal("the file is too big", new BpmnProblem(0, 0, null, "the file is too big").ToString());

    [Fact]
    public void ToString_Warning_SaysWarning() =>
        Assert.Equal("1:2: t: warning: ignored", new BpmnProblem(1, 2, "t", "ignored", BpmnProblemSeverity.Warning).ToString());
}
