using PropertyFlow.Workflows.Notices.Outbox;
using PropertyFlow.Workflows.Notices.Transport;
using PropertyFlow.Workflows.Tests.Notices.Fakes;

namespace PropertyFlow.Workflows.Tests.Notices;

public sealed class NoticeDispatchTests
{
    private static NoticeRequest ComplaintReceived(string to = "owner:A-1201", string? key = null) => new()
    {
        Template = "complaint-received",
        To = to,
        Values = Samples.Complaint(),
        IdempotencyKey = key,
    };

    [Fact]
    public async Task DispatchDue_QueuedNotice_ArrivesAtSmtpServerWithSubjectBodyAndRecipient()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        await using var env = await NoticeHarness.CreateAsync(NoticeHarness.Smtp(smtp.Port));
        var queued = await env.Outbox.EnqueueAsync(ComplaintReceived());

        var result = await env.Dispatcher.DispatchDueAsync();

        Assert.Equal(new DispatchResult(1, 1, 0, 0), result);
        var mail = Assert.Single(smtp.Received);
        Assert.Equal(["zhang.wei@example.com"], mail.EnvelopeTo);
        Assert.Equal("您的投诉已受理（编号 TS-2026-0001）", mail.Message.Subject);
        Assert.Equal("service@propertyflow.test", mail.Message.From.Mailboxes.Single().Address);
        Assert.Equal("张伟", mail.Message.To.Mailboxes.Single().Name);
        Assert.Contains("张伟，您好：", mail.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains("在 2026-03-02 13:00 前与您联系", mail.Message.TextBody, StringComparison.Ordinal); // 05:00 UTC in Shanghai
        Assert.Contains("在 2026-03-04 09:00 前给出处理结果", mail.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains("<p>张伟，您好：</p>", mail.Message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(queued.NoticeIds[0].ToString("N"), mail.Message.MessageId, StringComparison.Ordinal);

        var row = await env.Outbox.FindAsync(queued.NoticeIds[0]);
        Assert.Equal(NoticeStatus.Sent, row!.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(NoticeHarness.Start, row.SentAt);
        Assert.Null(row.LockedBy);
        Assert.Equal(new DispatchResult(0, 0, 0, 0), await env.Dispatcher.DispatchDueAsync());
        Assert.Single(smtp.Received);
    }

    [Fact]
    public async Task DispatchDue_SmtpServerDown_NoticeWaitsWithBackoffAndArrivesOnceWhenServerIsUp()
    {
        var port = LoopbackSmtpServer.ReservePort();
        await using var env = await NoticeHarness.CreateAsync(NoticeHarness.Smtp(port));
        var id = (await env.Outbox.EnqueueAsync(ComplaintReceived())).NoticeIds[0];

        Assert.Equal(new DispatchResult(1, 0, 1, 0), await env.Dispatcher.DispatchDueAsync());
        var row = await env.Outbox.FindAsync(id);
        Assert.Equal(NoticeStatus.Pending, row!.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(NoticeHarness.Start + TimeSpan.FromMinutes(1), row.NextAttemptAt);
        Assert.NotNull(row.LastError);
        Assert.Null(row.LockedBy);
        Assert.Equal(0, (await env.Dispatcher.DispatchDueAsync()).Claimed); // not due yet

        env.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await env.Dispatcher.DispatchDueAsync()).Retrying);
        row = await env.Outbox.FindAsync(id);
        Assert.Equal(2, row!.Attempts);
        Assert.Equal(env.Clock.GetUtcNow() + TimeSpan.FromMinutes(5), row.NextAttemptAt);

        await using var smtp = LoopbackSmtpServer.Start(port);
        env.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, (await env.Dispatcher.DispatchDueAsync()).Claimed);
        env.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DispatchResult(1, 1, 0, 0), await env.Dispatcher.DispatchDueAsync());
        Assert.Equal(0, (await env.Dispatcher.DispatchDueAsync()).Claimed);

        Assert.Equal("您的投诉已受理（编号 TS-2026-0001）", Assert.Single(smtp.Received).Message.Subject);
        row = await env.Outbox.FindAsync(id);
        Assert.Equal(NoticeStatus.Sent, row!.Status);
        Assert.Equal(3, row.Attempts);
    }

    [Fact]
    public async Task DispatchDue_TwoDispatchersAtOnce_SendEveryNoticeExactlyOnce()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        await using var env = await NoticeHarness.CreateAsync(NoticeHarness.Smtp(smtp.Port), o => o.BatchSize = 3);
        for (var i = 0; i < 24; i++)
        {
            await env.Outbox.EnqueueAsync(ComplaintReceived($"owner{i}@example.com"));
        }

        static async Task<int> DrainAsync(NoticeDispatcher dispatcher)
        {
            var sent = 0;
            DispatchResult round;
            while ((round = await dispatcher.DispatchDueAsync()).Claimed > 0)
            {
                sent += round.Sent;
            }

            return sent;
        }

        var counts = await Task.WhenAll(Task.Run(() => DrainAsync(env.Dispatcher)), Task.Run(() => DrainAsync(env.NewDispatcher())));

        Assert.Equal(24, counts.Sum());
        Assert.Equal(24, smtp.Received.Count);
        Assert.Equal(24, smtp.Received.Select(m => m.EnvelopeTo.Single()).Distinct().Count());
        Assert.Equal(24, smtp.Received.Select(m => m.Message.MessageId).Distinct().Count());
        Assert.Equal(24, (await env.Outbox.CountAsync())[NoticeStatus.Sent]);
    }

    [Fact]
    public async Task DispatchDue_LastAttemptFails_NoticeIsKeptAsFailedAndCanBeRetried()
    {
        var port = LoopbackSmtpServer.ReservePort();
        await using var env = await NoticeHarness.CreateAsync(NoticeHarness.Smtp(port), o => o.MaxAttempts = 2);
        var id = (await env.Outbox.EnqueueAsync(ComplaintReceived())).NoticeIds[0];

        await env.Dispatcher.DispatchDueAsync();
        env.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new DispatchResult(1, 0, 0, 1), await env.Dispatcher.DispatchDueAsync());

        var failed = Assert.Single(await env.Outbox.ListAsync(NoticeStatus.Failed));
        Assert.Equal(id, failed.Id);
        Assert.Equal(2, failed.Attempts);
        Assert.NotNull(failed.LastError);
        env.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(0, (await env.Dispatcher.DispatchDueAsync()).Claimed);
        Assert.Contains(env.Log.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains(id.ToString(), StringComparison.Ordinal));

        await using var smtp = LoopbackSmtpServer.Start(port);
        Assert.True(await env.Outbox.RetryAsync(id));
        Assert.False(await env.Outbox.RetryAsync(id)); // only failed notices are retried
        Assert.Equal(new DispatchResult(1, 1, 0, 0), await env.Dispatcher.DispatchDueAsync());
        Assert.Single(smtp.Received);
        Assert.Empty(await env.Outbox.ListAsync(NoticeStatus.Failed));
    }

    [Fact]
    public async Task DispatchDue_ServerRefusesTheMailboxForGood_NoticeFailsAtOnceAndOthersStillArrive()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        await using var env = await NoticeHarness.CreateAsync(NoticeHarness.Smtp(smtp.Port));
        var bounced = (await env.Outbox.EnqueueAsync(ComplaintReceived("bounce@example.com"))).NoticeIds[0];
        await env.Outbox.EnqueueAsync(ComplaintReceived("fine@example.com"));

        Assert.Equal(new DispatchResult(2, 1, 0, 1), await env.Dispatcher.DispatchDueAsync());

        Assert.Equal(["fine@example.com"], Assert.Single(smtp.Received).EnvelopeTo);
        var row = (await env.Outbox.FindAsync(bounced))!;
        Assert.Equal(NoticeStatus.Failed, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Contains("refused the notice for good (550", row.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchDue_SmtpLogin_PasswordNeverReachesLogsOrStoredErrors()
    {
        const string WrongPassword = "Wr0ng-Passw0rd!";
        const string RightPassword = "R1ght-Passw0rd!";
        await using var smtp = LoopbackSmtpServer.Start(login: ("pf-mailer", RightPassword));

        await using (var wrong = await NoticeHarness.CreateAsync(NoticeHarness.Smtp(smtp.Port, "pf-mailer", WrongPassword)))
        {
            var id = (await wrong.Outbox.EnqueueAsync(ComplaintReceived())).NoticeIds[0];
            Assert.Equal(1, (await wrong.Dispatcher.DispatchDueAsync()).Retrying);
            var row = await wrong.Outbox.FindAsync(id);
            Assert.Contains("Authentication", row!.LastError, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(WrongPassword, row.LastError, StringComparison.Ordinal);
            Assert.NotEmpty(wrong.Log.Lines);
            Assert.DoesNotContain(wrong.Log.Lines, l => l.Contains(WrongPassword, StringComparison.Ordinal));
            Assert.Empty(smtp.Received);
        }

        await using var right = await NoticeHarness.CreateAsync(NoticeHarness.Smtp(smtp.Port, "pf-mailer", RightPassword));
        await right.Outbox.EnqueueAsync(ComplaintReceived());
        Assert.Equal(1, (await right.Dispatcher.DispatchDueAsync()).Sent);
        Assert.Single(smtp.Received);
        Assert.DoesNotContain(right.Log.Lines, l => l.Contains(RightPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DispatchDue_NoSmtpHost_WritesReadableEmlFilesToThePickupFolder()
    {
        await using var env = await NoticeHarness.CreateAsync();
        var transport = Assert.IsType<PickupFolderTransport>(env.Services.GetService(typeof(INoticeTransport)));
        await env.Outbox.EnqueueAsync(ComplaintReceived("role:supervisor") with
        {
            Template = "complaint-escalation",
            Values = Samples.All(),
        });

        Assert.Equal(new DispatchResult(2, 2, 0, 0), await env.Dispatcher.DispatchDueAsync());

        var files = Directory.GetFiles(transport.Folder);
        Assert.Equal(2, files.Length);
        Assert.All(files, f => Assert.EndsWith(".eml", f, StringComparison.Ordinal));
        var messages = files.Select(f => MimeKit.MimeMessage.Load(f)).ToList();
        var chinese = Assert.Single(messages, m => m.To.Mailboxes.Single().Address == "li.na@example.com");
        var english = Assert.Single(messages, m => m.To.Mailboxes.Single().Address == "tom.li@example.com");
        Assert.Equal("【升级至主管】投诉 TS-2026-0001 “问题解决”已超时", chinese.Subject);
        Assert.Equal("[Escalated to supervisor] Complaint TS-2026-0001: “问题解决” is overdue", english.Subject);
        Assert.Contains("Tom Li", english.TextBody, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://pf.example.com/tasks/42\">", chinese.HtmlBody, StringComparison.Ordinal);
    }
}
