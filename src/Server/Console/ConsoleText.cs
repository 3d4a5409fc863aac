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
        // owners: the public pages under /o/ (src/Server/Pages/Owners)
        ["owners.brand"] = ("物业服务 · 业主", "Property services · Owners"),
        ["owners.complaint.title"] = ("业主投诉", "Owner complaint"),
        ["owners.complaint.intro"] = ("请留下您的联系方式和投诉内容。提交后您会得到一个专属链接，可随时查看处理进度和承诺时间。带 * 的为必填项。",
            "Leave your contact details and your complaint. You will get a private link to follow its progress and the promised times. Fields marked * are required."),
        ["owners.complaint.submit"] = ("提交投诉", "Submit complaint"),
        ["owners.field.name"] = ("姓名", "Name"),
        ["owners.field.unit"] = ("房号（如 1-1-101）", "Unit (e.g. 1-1-101)"),
        ["owners.field.phone"] = ("电话", "Phone"),
        ["owners.field.email"] = ("电子邮箱（接收通知）", "E-mail (for notices)"),
        ["owners.field.category"] = ("类别", "Category"),
        ["owners.field.description"] = ("投诉内容", "Description"),
        ["owners.field.comment"] = ("意见或建议（选填）", "Comments (optional)"),
        ["owners.category.repair"] = ("维修", "Repair"),
        ["owners.category.billing"] = ("收费", "Billing"),
        ["owners.category.service"] = ("服务", "Service"),
        ["owners.category.security"] = ("安全", "Security"),
        ["owners.category.environment"] = ("环境", "Environment"),
        ["owners.category.noise"] = ("噪音", "Noise"),
        ["owners.category.other"] = ("其他", "Other"),
        ["owners.err.name"] = ("请填写姓名。", "Please enter your name."),
        ["owners.err.nameLong"] = ("姓名最多 100 个字符。", "A name has at most 100 characters."),
        ["owners.err.email"] = ("请填写电子邮箱，我们通过它告知处理进度。", "Please enter your e-mail: we send the progress there."),
        ["owners.err.emailForm"] = ("电子邮箱格式不正确（例如 name@example.org）。", "This is not an e-mail address (e.g. name@example.org)."),
        ["owners.err.phone"] = ("电话号码只能包含数字、空格、-、括号和开头的 +（5–20 位数字）。", "A phone number has 5–20 digits, with spaces, -, brackets or a leading + only."),
        ["owners.err.category"] = ("请选择一个类别。", "Please choose a category."),
        ["owners.err.description"] = ("请填写投诉内容。", "Please describe your complaint."),
        ["owners.err.descriptionLong"] = ("投诉内容最多 2000 个字符。", "A description has at most 2,000 characters."),
        ["owners.err.unit"] = ("本小区没有这个房号，请检查（格式：楼栋-单元-房间，如 1-1-101），或留空。", "This community has no such unit: check it (building-entrance-room, e.g. 1-1-101) or leave it empty."),
        ["owners.err.unavailable"] = ("暂时无法受理投诉，请稍后再试或致电物业服务中心。您填写的内容已保留。", "Complaints cannot be taken right now: please try again later or call the service desk. What you typed is kept."),
        ["owners.err.rating"] = ("请选择 1–5 分的评分。", "Please choose a rating from 1 to 5."),
        ["owners.err.rated"] = ("此投诉已评价或已完成回访，评价未更改。", "This complaint has already been rated or followed up; nothing was changed."),
        ["owners.err.scores"] = ("请为每个问题选择 1–5 分。", "Please give every question a score from 1 to 5."),
        ["owners.noCommunity"] = ("没有这个小区。请检查链接。", "There is no such community. Please check the link."),
        ["owners.noLink"] = ("链接无效。请检查链接是否完整。", "This link is not valid. Please check that it is complete."),
        ["owners.expired"] = ("链接已过期：此投诉已结案较长时间。如有新问题，请重新提交投诉。", "This link has expired: the complaint was closed a while ago. For a new problem, please file a new complaint."),
        ["owners.surveyClosed"] = ("此调查已结束，不再接受回答。感谢您的关注。", "This survey has closed and takes no more answers. Thank you."),
        ["owners.tooMany"] = ("提交过于频繁，请稍后再试。", "Too many submissions: please try again later."),
        ["owners.tooLarge"] = ("提交的内容过大。", "What was sent is too large."),
        ["owners.status.title"] = ("投诉处理进度", "Complaint status"),
        ["owners.status.received"] = ("我们已收到您的投诉。", "We have received your complaint."),
        ["owners.status.keepLink"] = ("请保存此链接，凭它查看处理进度（请勿转发给他人）：", "Keep this link to follow the progress (do not share it):"),
        ["owners.status.filedAt"] = ("提交于", "filed"),
        ["owners.status.pending"] = ("正在登记您的投诉，请稍后刷新本页。", "Your complaint is being recorded; please reload this page shortly."),
        ["owners.status.step"] = ("当前环节", "Current step"),
        ["owners.status.reopened"] = ("重新处理次数：", "Times reopened:"),
        ["owners.status.promises"] = ("承诺时间", "Promised times"),
        ["owners.status.col.step"] = ("环节", "Step"),
        ["owners.status.col.due"] = ("承诺完成时间", "Promised by"),
        ["owners.status.col.done"] = ("实际完成", "Done"),
        ["owners.status.col.lateAt"] = ("超时时间", "Late since"),
        ["owners.status.col.newPromise"] = ("新承诺时间", "New promised time"),
        ["owners.status.late"] = ("超时说明：以下环节未能按时完成，我们已升级处理并给出新的承诺时间。", "Late steps: these were not done in time; they were escalated and have a new promised time."),
        ["owners.status.unknown"] = ("待定", "to be set"),
        ["owners.status.rate"] = ("评价处理结果", "Rate the outcome"),
        ["owners.status.rateQuestion"] = ("您对处理结果满意吗？", "How satisfied are you with the outcome?"),
        ["owners.status.rateSubmit"] = ("提交评价", "Submit rating"),
        ["owners.status.yourRating"] = ("您的评价：", "Your rating:"),
        ["owners.status.thanks"] = ("感谢您的评价。", "Thank you for your rating."),
        ["owners.step.recorded"] = ("信息收集", "Recorded"),
        ["owners.step.calm"] = ("联系安抚", "Contact"),
        ["owners.step.resolve"] = ("问题解决", "Resolution"),
        ["owners.step.followUp"] = ("后续跟进", "Follow-up"),
        ["owners.step.closed"] = ("结案", "Closed"),
        ["owners.score.5"] = ("非常满意", "very satisfied"),
        ["owners.score.4"] = ("满意", "satisfied"),
        ["owners.score.3"] = ("一般", "neutral"),
        ["owners.score.2"] = ("不满意", "unsatisfied"),
        ["owners.score.1"] = ("非常不满意", "very unsatisfied"),
        ["owners.survey.title"] = ("业主满意度调查", "Owner satisfaction survey"),
        ["owners.survey.intro"] = ("请为每一项打分（5 分为非常满意）。每个链接只能提交一次。", "Please score each item (5 = very satisfied). Each link answers once."),
        ["owners.survey.submit"] = ("提交", "Submit"),
        ["owners.survey.thanks"] = ("感谢您参与调查！", "Thank you for taking part!"),
        ["owners.survey.answered"] = ("此链接的调查已经提交过，不能再次提交。", "This survey link has already been answered; it cannot be answered again."),
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
