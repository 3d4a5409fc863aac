using Microsoft.Playwright;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime;
using static Microsoft.Playwright.Assertions;

namespace PropertyFlow.Web.Tests.Pages;

/// <summary>The tasklist (<c>/tasks</c>) and the task page (<c>/tasks/{id}</c>) in real Chromium against the real server.</summary>
public sealed class TasklistPageTests(ConsoleHost host) : IClassFixture<ConsoleHost>
{
    // A call-back task for customer service: overdue since 2020, priority 60, a form with four field types.
    private const string CallBack = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
            xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://propertyflow.test">
          <bpmn:process id="callback" name="回访 Call back" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call" />
            <bpmn:userTask id="call" name="电话回访 Call the owner" camunda:candidateGroups="customer-service"
                camunda:priority="60" camunda:dueDate="2020-01-01T09:00:00+08:00">
              <bpmn:extensionElements>
                <camunda:formData>
                  <camunda:formField id="minutes" label="通话分钟 Minutes" type="long">
                    <camunda:validation><camunda:constraint name="required" /></camunda:validation>
                  </camunda:formField>
                  <camunda:formField id="satisfied" label="满意 Satisfied" type="boolean" defaultValue="true" />
                  <camunda:formField id="outcome" label="结果 Outcome" type="enum">
                    <camunda:value id="solved" name="已解决 Solved" />
                    <camunda:value id="open" name="未解决 Open" />
                  </camunda:formField>
                  <camunda:formField id="note" label="备注 Note" type="string" />
                </camunda:formData>
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task GroupTask_ClaimWrongValueThenRightValues_CompletesWithValuesInHistory()
    {
        var task = await StartCallBackAsync("BK-flow", escalationLevel: 1);
        var page = await host.NewPageAsync("customer-service");
        await page.GotoAsync("/tasks");
        await Expect(page.Locator("h1")).ToHaveTextAsync("任务列表");

        // Under my groups' tasks, overdue, with priority and escalation level; not yet mine.
        var row = page.Locator($"#groups tr[data-task-id='{task.Id}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToHaveClassAsync("pf-overdue");
        await Expect(row).ToContainTextAsync("已逾期");
        await Expect(row).ToContainTextAsync("60");
        await Expect(row.Locator(".pf-escalation")).ToHaveTextAsync("1");
        await Expect(page.Locator($"#mine tr[data-task-id='{task.Id}']")).ToHaveCountAsync(0);
        await Expect(page.Locator("#all")).ToHaveCountAsync(0); // staff see no "all" section

        await row.Locator("button.pf-claim").ClickAsync();
        await Expect(page.Locator("#task-message")).ToHaveTextAsync("已认领任务。");
        var mine = page.Locator($"#mine tr[data-task-id='{task.Id}']");
        await Expect(mine).ToBeVisibleAsync();
        Assert.Equal("customer-service", (await host.Engine.GetTaskAsync(task.Id)).Assignee);

        // A wrong value: the engine's message under the field, the task still open, nothing typed lost.
        await mine.Locator("a").ClickAsync();
        await Expect(page.Locator("#task-name")).ToHaveTextAsync("电话回访 Call the owner");
        await page.FillAsync("#field-minutes", "abc");
        await page.SelectOptionAsync("#field-outcome", "solved");
        await page.FillAsync("#field-note", "业主很满意");
        await page.ClickAsync("#complete");
        await Expect(page.Locator(".pf-field-error[data-field='minutes']")).ToContainTextAsync("whole number");
        await Expect(page.Locator("#task-message")).ToContainTextAsync("表单内容有误");
        await Expect(page.Locator("#field-minutes")).ToHaveValueAsync("abc");
        await Expect(page.Locator("#field-note")).ToHaveValueAsync("业主很满意");
        await Expect(page.Locator("#field-outcome")).ToHaveValueAsync("solved");
        Assert.Equal(TaskState.Open, (await host.Engine.GetTaskAsync(task.Id)).State);
        await ConsoleHost.ScreenshotAsync(page, "tasklist-validation");

        // Right values: completed, the values in the instance's variables and in the history beside the form.
        await page.FillAsync("#field-minutes", "12");
        await page.UncheckAsync("#field-satisfied");
        await page.ClickAsync("#complete");
        await Expect(page.Locator("#task-state")).ToHaveTextAsync("已完成");
        await Expect(page.Locator("#task-message")).ToHaveTextAsync("任务已完成。");
        var completed = page.Locator("#history tr[data-kind='taskCompleted']");
        await Expect(completed).ToContainTextAsync("customer-service");
        await Expect(completed).ToContainTextAsync("\"minutes\":12");
        await Expect(completed).ToContainTextAsync("任务完成");
        await Expect(page.Locator("#history tr[data-kind='taskClaimed']")).ToContainTextAsync("customer-service");
        await ConsoleHost.ScreenshotAsync(page, "tasklist-completed");

        var done = await host.Engine.GetTaskAsync(task.Id);
        Assert.Equal(TaskState.Completed, done.State);
        Assert.Equal("customer-service", done.CompletedBy);
        var instance = await host.Engine.GetInstanceAsync(task.InstanceId);
        Assert.Equal(InstanceStatus.Completed, instance.Status);
        Assert.Equal(12L, instance.Variables["minutes"]);
        Assert.Equal(false, instance.Variables["satisfied"]);
        Assert.Equal("solved", instance.Variables["outcome"]);
        Assert.Equal("业主很满意", instance.Variables["note"]);
    }

    [Fact]
    public async Task SecondCompletion_FromAStaleForm_ShowsAClearMessage()
    {
        var task = await StartCallBackAsync("BK-twice");
        var page = await host.NewPageAsync("customer-service");
        var stale = await page.Context.NewPageAsync();
        await page.GotoAsync($"/tasks/{task.Id}");
        await stale.GotoAsync($"/tasks/{task.Id}");

        await page.FillAsync("#field-minutes", "3");
        await page.ClickAsync("#complete");
        await Expect(page.Locator("#task-state")).ToHaveTextAsync("已完成");

        await stale.FillAsync("#field-minutes", "4");
        await stale.ClickAsync("#complete");
        await Expect(stale.Locator("#task-message")).ToContainTextAsync("此任务已被完成");
        await Expect(stale.Locator("#task-state")).ToHaveTextAsync("已完成");
        await Expect(stale.Locator("#task-form")).ToHaveCountAsync(0);
        Assert.Equal(3L, (await host.Engine.GetInstanceAsync(task.InstanceId)).Variables["minutes"]);
    }

    [Fact]
    public async Task OtherRole_DoesNotSeeTheTask_AndGets404ByUrl()
    {
        var task = await StartCallBackAsync("BK-hidden");
        var page = await host.NewPageAsync("maintenance");
        await page.GotoAsync("/tasks");
        await Expect(page.Locator("#groups")).ToBeVisibleAsync();
        await Expect(page.Locator($"tr[data-task-id='{task.Id}']")).ToHaveCountAsync(0);

        var response = await page.GotoAsync($"/tasks/{task.Id}");
        Assert.Equal(404, response!.Status);
        await Expect(page.Locator("#task-missing")).ToHaveTextAsync("没有此任务，或您无权查看。");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("电话回访");
        Assert.Equal(TaskState.Open, (await host.Engine.GetTaskAsync(task.Id)).State);

        // Nor can a claim be posted for it (the anti-forgery token of its own page is valid, the task is not visible).
        await page.GotoAsync("/tasks");
        var token = await page.Locator("form.pf-lang input[name='__RequestVerificationToken']").InputValueAsync();
        var claim = await page.APIRequest.PostAsync($"/tasks?handler=Claim&id={task.Id}", new APIRequestContextOptions
        {
            Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token),
        });
        Assert.Equal(404, claim.Status);
        Assert.Null((await host.Engine.GetTaskAsync(task.Id)).Assignee);
    }

    [Fact]
    public async Task Supervisor_SeesAllTasks()
    {
        var task = await StartCallBackAsync("BK-all");
        var page = await host.NewPageAsync("supervisor");
        await page.GotoAsync("/tasks");
        await Expect(page.Locator($"#all tr[data-task-id='{task.Id}']")).ToBeVisibleAsync();
        await Expect(page.Locator($"#groups tr[data-task-id='{task.Id}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task NewTask_WhileTheListIsOpen_AppearsWithoutReload()
    {
        await DeployAsync();
        var page = await host.NewPageAsync("customer-service");
        await page.GotoAsync("/tasks");
        await Expect(page.Locator("#task-lists")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => { window.pfMarker = 'same page'; }");

        var task = await StartCallBackAsync("BK-live");
        var row = page.Locator($"#groups tr[data-task-id='{task.Id}']");
        await Expect(row).ToBeVisibleAsync();
        Assert.Equal("same page", await page.EvaluateAsync<string>("() => window.pfMarker"));

        // The swapped-in lists work: claiming from them moves the task to my tasks.
        await row.Locator("button.pf-claim").ClickAsync();
        await Expect(page.Locator($"#mine tr[data-task-id='{task.Id}']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task LanguageSwitch_English_ShowsEnglishLabels()
    {
        var task = await StartCallBackAsync("BK-english");
        var page = await host.NewPageAsync("customer-service");
        await page.GotoAsync("/tasks");
        await page.ClickAsync("#lang-en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Tasklist");
        await Expect(page.Locator("#mine h2")).ToContainTextAsync("My tasks");
        await Expect(page.Locator("#groups h2")).ToContainTextAsync("My groups' tasks");
        await Expect(page.Locator($"#groups tr[data-task-id='{task.Id}']")).ToContainTextAsync("overdue by");
        await Expect(page.Locator($"#groups tr[data-task-id='{task.Id}'] button.pf-claim")).ToHaveTextAsync("Claim");

        await page.GotoAsync($"/tasks/{task.Id}");
        await Expect(page.Locator("#complete")).ToHaveTextAsync("Complete task");
        await Expect(page.Locator("#task-state")).ToHaveTextAsync("Open");
        await Expect(page.Locator("#history tr[data-kind='taskCreated']")).ToContainTextAsync("Task created");
        await page.ClickAsync("#complete"); // minutes is required
        await Expect(page.Locator("#task-message")).ToContainTextAsync("Some values do not fit");
        await Expect(page.Locator(".pf-field-error[data-field='minutes']")).ToContainTextAsync("required");
        await ConsoleHost.ScreenshotAsync(page, "tasklist-english");
    }

    private async Task DeployAsync() => await host.Engine.DeployAsync("callback.bpmn", CallBack);

    private async Task<TaskRecord> StartCallBackAsync(string businessKey, int? escalationLevel = null)
    {
        await DeployAsync(); // the same XML again deploys nothing new
        var instance = await host.Engine.StartAsync("callback", new StartOptions
        {
            BusinessKey = businessKey,
            Variables = escalationLevel is { } level ? new Dictionary<string, object?> { ["escalationLevel"] = (long)level } : null,
        });
        return Assert.Single(await host.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id }));
    }
}
