using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Domain;
using PropertyFlow.Workflows.Queries;

namespace PropertyFlow.Workflows.Tests.Queries;

/// <summary>The promise clock as a pure function of the complaint, its instance's variables, tasks and history, and now.</summary>
public class PromiseClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly Guid Instance = Guid.NewGuid();

    private static TaskRecord NewTask(string element, DateTimeOffset created, DateTimeOffset due, TaskState state = TaskState.Open) => new()
    {
        Id = Guid.NewGuid(),
        InstanceId = Instance,
        TokenId = Guid.NewGuid(),
        DefinitionId = "complaint:1",
        ProcessKey = "complaint",
        ElementId = element,
        CreatedAt = created,
        DueAt = due,
        State = state,
    };

    private static HistoryRecord Fired(string element, DateTimeOffset at) =>
        new() { InstanceId = Instance, At = at, Kind = HistoryKinds.TimerFired, ElementId = element };

    private static Dictionary<string, object?> Told() => new()
    {
        ["responseDueAt"] = "2026-11-02T01:30:00.000Z",
        ["resolveDueAt"] = "2026-11-09T01:30:00.000Z",
        ["promiseExtensionHours"] = 12L,
    };

    [Fact]
    public void Calming_LateTimerFired_NewPromiseIsLateAtPlusExtension_AndTimeLeftCountsToIt()
    {
        var complaint = new Complaint(Guid.NewGuid(), Guid.NewGuid(), null, null, "service", "x", Severity.Normal, T0);
        complaint.StartCalming(T0);
        var calm = NewTask("calm", T0, T0.AddMinutes(30));
        var now = T0.AddHours(1);

        var clock = PromiseClock.Compute(complaint, Told(), [calm], [Fired("calm_handlerLate", T0.AddMinutes(30))], now);

        var contact = clock[0];
        Assert.Equal("contact", contact.Step);
        Assert.Equal(T0.AddMinutes(30), contact.CommittedAt);
        Assert.Equal(T0.AddMinutes(30), contact.LateAt);
        Assert.Equal(T0.AddMinutes(30).AddHours(12), contact.NewPromisedAt);
        Assert.Equal(PromiseStatus.Late, contact.Status);
        Assert.Equal(11 * 60 + 30, contact.MinutesLeft);
        Assert.Equal(PromiseStatus.Waiting, clock[1].Status);
        Assert.Null(clock[1].MinutesLeft);
    }

    [Fact]
    public void NoTimerFired_ButPastThePromise_IsLateWithNegativeTimeLeft()
    {
        var complaint = new Complaint(Guid.NewGuid(), Guid.NewGuid(), null, null, "service", "x", Severity.Normal, T0);
        complaint.StartCalming(T0);

        var contact = PromiseClock.Compute(complaint, Told(), [NewTask("calm", T0, T0.AddMinutes(30))], [], T0.AddMinutes(45))[0];

        Assert.Equal(PromiseStatus.Late, contact.Status);
        Assert.Null(contact.NewPromisedAt);
        Assert.Equal(-15, contact.MinutesLeft);
    }

    [Fact]
    public void ResolvedAfterThePromise_IsDoneLate_AndFollowUpIsCurrent()
    {
        var complaint = new Complaint(Guid.NewGuid(), Guid.NewGuid(), null, null, "service", "x", Severity.Normal, T0);
        complaint.StartCalming(T0);
        complaint.StartResolving(T0.AddMinutes(20));
        complaint.Resolve("修好了 fixed", T0.AddDays(8));
        var tasks = new[]
        {
            NewTask("calm", T0, T0.AddMinutes(30), TaskState.Completed),
            NewTask("resolve", T0.AddMinutes(20), T0.AddDays(7), TaskState.Completed),
            NewTask("followUp", T0.AddDays(8), T0.AddDays(11)),
        };

        var clock = PromiseClock.Compute(complaint, Told(), tasks, [], T0.AddDays(9));

        Assert.Equal(PromiseStatus.Done, clock[0].Status);
        Assert.Equal(PromiseStatus.DoneLate, clock[1].Status);
        Assert.Equal(T0.AddDays(8), clock[1].DoneAt);
        Assert.True(clock[2].Current);
        Assert.Equal(T0.AddDays(11), clock[2].CommittedAt);
        Assert.Equal(PromiseStatus.OnTime, clock[2].Status);
        Assert.Equal(2 * 24 * 60, clock[2].MinutesLeft);
    }

    [Fact]
    public void Reopened_ResolveStepIsPromisedByItsNewTask_AndTheFirstRoundsLatenessIsForgotten()
    {
        var complaint = new Complaint(Guid.NewGuid(), Guid.NewGuid(), null, null, "service", "x", Severity.Normal, T0);
        complaint.StartResolving(T0);
        complaint.Resolve("修好了 fixed", T0.AddDays(8));
        complaint.Reopen("还是坏的 still broken", T0.AddDays(9));
        var second = NewTask("resolve", T0.AddDays(9), T0.AddDays(16));
        var tasks = new[] { NewTask("resolve", T0, T0.AddDays(7), TaskState.Completed), NewTask("followUp", T0.AddDays(8), T0.AddDays(11), TaskState.Completed), second };

        var resolve = PromiseClock.Compute(complaint, Told(), tasks, [Fired("resolve_handlerLate", T0.AddDays(7))], T0.AddDays(10))[1];

        Assert.True(resolve.Current);
        Assert.Equal(second.DueAt, resolve.CommittedAt);
        Assert.Null(resolve.LateAt);
        Assert.Equal(PromiseStatus.OnTime, resolve.Status);
        Assert.Equal(6 * 24 * 60, resolve.MinutesLeft);
    }

    [Fact]
    public void WithoutAProcess_OnlyTheComplaintsOwnTimesShow()
    {
        var complaint = new Complaint(Guid.NewGuid(), Guid.NewGuid(), null, null, "noise", "x", Severity.Low, T0);

        var clock = PromiseClock.Compute(complaint, new Dictionary<string, object?>(), [], [], T0);

        Assert.All(clock, s => Assert.Null(s.CommittedAt));
        Assert.Equal(PromiseStatus.OnTime, clock[0].Status);
        Assert.Null(clock[0].MinutesLeft);
    }
}
