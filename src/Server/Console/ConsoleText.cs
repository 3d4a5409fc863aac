using System.Collections.Frozen;
using System.Globalization;

namespace PropertyFlow.Server.WebConsole;

/// <summary>
/// The console's UI text in its two languages, one entry per key. A dictionary in code rather than .resx
/// files: every label sits beside its translation, a missing translation cannot compile away, and a test
/// checks that no entry is left empty. The language is the request's UI culture (set by request
/// localization from the culture cookie; Chinese when there is none).
/// </summary>
public sealed class ConsoleText
{
    private static readonly FrozenDictionary<string, (string Zh, string En)> Entries = new Dictionary<string, (string, string)>
    {
        ["app.name"] = ("物业流程", "PropertyFlow"),
        ["app.tagline"] = ("物业管理流程控制台", "Property-management process console"),
        ["nav.home"] = ("首页", "Home"),
        ["nav.designer"] = ("流程设计", "Designer"),
        ["lang.switch"] = ("语言", "Language"),
        ["home.title"] = ("流程概览", "Processes"),
        ["home.intro"] = ("已部署的流程定义，每个流程显示最新版本。", "Deployed process definitions, newest version of each."),
        ["home.none"] = ("还没有部署任何流程。", "No process has been deployed yet."),
        ["home.new"] = ("新建流程", "New process"),
        ["col.key"] = ("流程标识", "Process key"),
        ["col.name"] = ("名称", "Name"),
        ["col.version"] = ("版本", "Version"),
        ["col.deployedAt"] = ("部署时间", "Deployed at"),
        ["col.resource"] = ("文件", "File"),
        ["designer.title"] = ("流程设计器", "Process designer"),
        ["designer.new"] = ("新流程", "New process"),
        ["designer.deploy"] = ("部署", "Deploy"),
        ["designer.download"] = ("下载 .bpmn", "Download .bpmn"),
        ["designer.upload"] = ("上传 .bpmn", "Upload .bpmn"),
        ["designer.catalogue"] = ("业务组件", "Building blocks"),
        ["designer.catalogueEmpty"] = ("尚未注册业务组件。", "No building blocks are registered yet."),
        ["designer.problems"] = ("检查结果", "Problems"),
        ["designer.noProblems"] = ("未发现问题，可以部署。", "No problems: ready to deploy."),
        ["designer.versions"] = ("版本", "Versions"),
        ["designer.noVersions"] = ("尚未部署。", "Not deployed yet."),
        ["designer.current"] = ("当前", "current"),
        ["designer.open"] = ("打开", "Open"),
        ["designer.xml"] = ("XML", "XML"),
        ["designer.ready"] = ("就绪", "Ready"),
        ["designer.loading"] = ("正在加载设计器…", "Loading the designer…"),
        ["designer.deploying"] = ("正在部署…", "Deploying…"),
        ["designer.deployed"] = ("已部署", "Deployed"),
        ["designer.nothingDeployed"] = ("文件中没有可执行的流程。", "The file has no executable process."),
        ["designer.importFailed"] = ("无法打开此文件：", "Cannot open this file:"),
        ["designer.importWarnings"] = ("打开时的警告数：", "Warnings while opening:"),
        ["designer.templateErrors"] = ("业务组件模板有误：", "Building-block templates with errors:"),
        ["designer.noscript"] = ("流程设计器需要启用 JavaScript。", "The designer needs JavaScript."),
        ["designer.notFound"] = ("没有此流程定义。", "There is no such process definition."),
        ["designer.emptyFile"] = ("没有收到 BPMN 内容。", "No BPMN content was received."),
        ["nav.tasks"] = ("任务", "Tasks"),
        ["nav.monitor"] = ("流程监控", "Monitor"),
        ["monitor.title"] = ("流程监控", "Process monitor"),
        ["monitor.running"] = ("运行中的实例", "Running instances"),
        ["monitor.truncated"] = ("（仅统计前 2000 个）", "(the first 2,000 counted)"),
        ["monitor.element"] = ("环节", "Element"),
        ["monitor.waiting"] = ("等待中的实例", "Instances waiting"),
        ["tasks.title"] = ("任务列表", "Tasklist"),
        ["tasks.mine"] = ("我的任务", "My tasks"),
        ["tasks.mineEmpty"] = ("没有分配给您的任务。", "No task is assigned to you."),
        ["tasks.groups"] = ("我所在组的任务", "My groups' tasks"),
        ["tasks.groupsEmpty"] = ("您的角色没有待认领的任务。", "No unclaimed task for your roles."),
        ["tasks.all"] = ("全部任务", "All tasks"),
        ["tasks.allEmpty"] = ("没有未完成的任务。", "No open task."),
        ["tasks.col.task"] = ("任务", "Task"),
        ["tasks.col.process"] = ("流程", "Process"),
        ["tasks.col.assignee"] = ("处理人", "Assignee"),
        ["tasks.col.due"] = ("截止时间", "Due"),
        ["tasks.col.priority"] = ("优先级", "Priority"),
        ["tasks.col.escalation"] = ("升级级别", "Escalation level"),
        ["tasks.col.state"] = ("状态", "State"),
        ["tasks.candidates"] = ("候选", "Candidates"),
        ["tasks.overdueBy"] = ("已逾期", "overdue by"),
        ["tasks.claim"] = ("认领", "Claim"),
        ["tasks.unclaim"] = ("退回", "Unclaim"),
        ["tasks.claimed"] = ("已认领任务。", "Task claimed."),
        ["tasks.unclaimed"] = ("已退回任务。", "Task given back."),
        ["tasks.changeRefused"] = ("操作未完成：", "Not done:"),
        ["tasks.notFound"] = ("没有此任务，或您无权查看。", "There is no such task, or you may not see it."),
        ["tasks.back"] = ("返回任务列表", "Back to the tasklist"),
        ["tasks.form"] = ("填写并完成", "Fill in and complete"),
        ["tasks.noFields"] = ("此任务没有表单字段。", "This task has no form fields."),
        ["tasks.required"] = ("必填", "required"),
        ["tasks.complete"] = ("完成任务", "Complete task"),
        ["tasks.completed"] = ("任务已完成。", "Task completed."),
        ["tasks.invalid"] = ("表单内容有误，请修改后重新提交（已填写的内容已保留）。", "Some values do not fit; correct them and submit again (what you typed is kept)."),
        ["tasks.alreadyDone"] = ("此任务已被完成或已被他人处理。", "This task was already completed or changed by someone else."),
        ["tasks.notYours"] = ("您不能完成此任务（请先认领）。", "You may not complete this task (claim it first)."),
        ["tasks.isCompleted"] = ("此任务已完成。", "This task is completed."),
        ["tasks.completedBy"] = ("完成人", "Completed by"),
        ["tasks.state.open"] = ("待处理", "Open"),
        ["tasks.state.completed"] = ("已完成", "Completed"),
        ["tasks.history"] = ("流程历史", "Instance history"),
        ["history.when"] = ("时间", "When"),
        ["history.who"] = ("人员", "Who"),
        ["history.what"] = ("操作", "What"),
        ["history.where"] = ("环节", "Where"),
        ["history.data"] = ("数据", "Data"),
        ["history.instanceStarted"] = ("流程启动", "Instance started"),
        ["history.instanceCompleted"] = ("流程结束", "Instance completed"),
        ["history.instanceTerminated"] = ("流程终止", "Instance terminated"),
        ["history.instanceCancelled"] = ("流程取消", "Instance cancelled"),
        ["history.instanceMigrated"] = ("流程迁移", "Instance migrated"),
        ["history.elementStarted"] = ("进入环节", "Element entered"),
        ["history.elementCompleted"] = ("离开环节", "Element left"),
        ["history.elementCancelled"] = ("环节取消", "Element cancelled"),
        ["history.taskCreated"] = ("任务创建", "Task created"),
        ["history.taskAssigned"] = ("任务分配", "Task assigned"),
        ["history.taskClaimed"] = ("任务认领", "Task claimed"),
        ["history.taskUnclaimed"] = ("任务退回", "Task unclaimed"),
        ["history.taskDelegated"] = ("任务委派", "Task delegated"),
        ["history.taskCompleted"] = ("任务完成", "Task completed"),
        ["history.taskUpdated"] = ("任务变更", "Task updated"),
        ["history.variableSet"] = ("变量设置", "Variable set"),
        ["history.timerFired"] = ("定时器触发", "Timer fired"),
        ["history.messageReceived"] = ("收到消息", "Message received"),
        ["history.signalReceived"] = ("收到信号", "Signal received"),
        ["history.errorThrown"] = ("抛出错误", "Error thrown"),
        ["history.escalationThrown"] = ("触发升级", "Escalation thrown"),
        ["history.incidentCreated"] = ("产生事故", "Incident raised"),
        ["history.incidentResolved"] = ("事故解决", "Incident resolved"),

        // designer: the simulator beside the draft
        ["designer.simulate"] = ("模拟", "Simulate"),
        ["designer.simulation"] = ("模拟：草稿与当前版本", "Simulation: draft and current version"),
        ["designer.simInstances"] = ("实例数", "Instances"),
        ["designer.simDays"] = ("天数", "Days"),
        ["designer.simSeed"] = ("随机种子", "Seed"),
        ["designer.simulating"] = ("正在模拟…", "Simulating…"),
        ["designer.simulated"] = ("模拟完成。", "Simulation done."),
        ["designer.simFailed"] = ("模拟失败：", "Simulation failed:"),
        ["designer.simMeasure"] = ("指标", "Measure"),
        ["designer.simCurrent"] = ("当前版本", "Current version"),
        ["designer.simDraft"] = ("草稿", "Draft"),
        ["designer.simDiff"] = ("差异", "Difference"),
        ["designer.simNoCurrent"] = ("尚未部署：没有可比较的当前版本。", "Not deployed yet: no current version to compare with."),
        ["designer.simStarted"] = ("已启动", "Started"),
        ["designer.simCompleted"] = ("已完成", "Completed"),
        ["designer.simActive"] = ("进行中", "Active"),
        ["designer.simCancelled"] = ("已取消", "Cancelled"),
        ["designer.simIncidents"] = ("事故", "Incidents"),
        ["designer.simEntered"] = ("进入", "entered"),
        ["designer.simElementCompleted"] = ("完成", "completed"),
        ["designer.simWarnings"] = ("模拟警告：", "Simulation warnings:"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every key, for the completeness test and for handing labels to page scripts.</summary>
    public static IEnumerable<string> Keys => Entries.Keys;

    /// <summary>True when the current UI culture is English; Chinese otherwise (the default).</summary>
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>The text of <paramref name="key"/> in the current UI culture.</summary>
    /// <exception cref="KeyNotFoundException">No such key: a typo in a page, found by the first render.</exception>
    public string this[string key] => Get(key, IsEnglish);

    /// <summary>The text of <paramref name="key"/> in one language.</summary>
    public static string Get(string key, bool english) =>
        Entries.TryGetValue(key, out var entry)
            ? english ? entry.En : entry.Zh
            : throw new KeyNotFoundException($"The console has no text '{key}'.");

    /// <summary>The text of <paramref name="key"/> in one language, or false when the console has none.</summary>
    public static bool TryGet(string key, bool english, out string text)
    {
        var found = Entries.TryGetValue(key, out var entry);
        text = found ? english ? entry.En : entry.Zh : "";
        return found;
    }

    /// <summary>Both languages of every key, for the completeness test.</summary>
    public static IEnumerable<(string Key, string Zh, string En)> All => Entries.Select(e => (e.Key, e.Value.Zh, e.Value.En));
}
