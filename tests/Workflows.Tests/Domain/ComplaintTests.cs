using PropertyFlow.Workflows.Domain;

namespace PropertyFlow.Workflows.Tests.Domain;

public class ComplaintTests
{
    private static readonly DateTimeOffset At = TestDomain.Start;

    private static Complaint NewComplaint(Severity severity = Severity.Normal) =>
        new(Guid.NewGuid(), Guid.NewGuid(), null, null, "repair", "楼道灯不亮", severity, At);

    [Fact]
    public void Steps_RecordedCalmingResolvingFollowingUpClosed()
    {
        var complaint = NewComplaint();
        complaint.StartCalming(At.AddMinutes(5));
        complaint.StartResolving(At.AddMinutes(30));
        complaint.Resolve("换了灯泡", At.AddHours(3));
        Assert.Equal(ComplaintState.FollowingUp, complaint.State);
        complaint.Close(ownerSatisfied: true, At.AddDays(1));

        Assert.Equal(ComplaintState.Closed, complaint.State);
        Assert.Equal(At.AddMinutes(30), complaint.CalmedAt);
        Assert.Equal(At.AddHours(3), complaint.ResolvedAt);
        Assert.Equal(At.AddDays(1), complaint.ClosedAt);
        Assert.True(complaint.OwnerSatisfied);
    }

    [Fact]
    public void IllegalSteps_ThrowWithTheState()
    {
        var complaint = NewComplaint();
        Assert.Contains("Recorded", Assert.Throws<DomainException>(() => complaint.Resolve("x", At)).Message, StringComparison.Ordinal);
        Assert.Throws<DomainException>(() => complaint.Close(true, At));
        Assert.Throws<DomainException>(() => complaint.Reopen("no", At));
        complaint.StartResolving(At);
        Assert.Throws<DomainException>(() => complaint.StartCalming(At));
        Assert.Throws<DomainException>(() => complaint.Resolve(" ", At)); // a resolution must say something
    }

    [Fact]
    public void Reopen_RaisesSeverityAndCounts_UpToCritical()
    {
        var complaint = NewComplaint(Severity.Low);
        complaint.StartResolving(At);
        for (var i = 1; i <= 4; i++)
        {
            complaint.Resolve("修好了", At);
            if (i == 2)
            {
                complaint.Close(false, At); // a closed complaint can come back too
            }

            complaint.Reopen("业主不满意", At);
            Assert.Equal(i, complaint.ReopenCount);
            Assert.Equal(ComplaintState.Resolving, complaint.State);
            Assert.Null(complaint.ClosedAt);
            Assert.Throws<DomainException>(() => complaint.Reopen("again", At)); // only from following-up or closed
        }

        Assert.Equal(Severity.Critical, complaint.Severity); // Low → Normal → High → Critical → stays Critical
    }

    [Fact]
    public void Assign_ClosedComplaint_IsRefused()
    {
        var complaint = NewComplaint();
        complaint.Assign(Roles.Maintenance, "mt.wang");
        Assert.Throws<DomainException>(() => complaint.Assign("plumbers", null));
        complaint.StartResolving(At);
        complaint.Resolve("ok", At);
        complaint.Close(true, At);
        Assert.Throws<DomainException>(() => complaint.Assign(Roles.Maintenance, "mt.liu"));
    }
}
