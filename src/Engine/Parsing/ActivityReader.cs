using System.Xml.Linq;
using PropertyFlow.Engine.Model;
using static PropertyFlow.Engine.Parsing.ParseContext;

namespace PropertyFlow.Engine.Parsing;

/// <summary>Builds tasks, sub-processes and call activities with their Camunda attributes, I/O and multi-instance.</summary>
internal sealed class ActivityReader(ParseContext context, CamundaExtensionReader extensions, EventReader events)
{
    private static readonly string[] CodeAttributes = ["class", "delegateExpression", "expression"];

    public Activity? Read(XElement e, string id, string? name)
    {
        var location = Location(e);
        var kind = e.Name.LocalName;
        var allowed = CamundaExtensions.Inputs | CamundaExtensions.Outputs | CamundaExtensions.RetryCycle;
        Activity? activity;
        switch (kind)
        {
            case "task":
                activity = new PlainTask(id, name, location);
                break;
            case "userTask" or "manualTask":
                activity = ReadUserTask(e, id, name, kind == "manualTask");
                allowed |= CamundaExtensions.FormData;
                break;
            case "serviceTask" or "sendTask":
                activity = ReadServiceTask(e, id, name, kind == "sendTask");
                break;
            case "scriptTask":
                activity = ReadScriptTask(e, id, name);
                break;
            case "receiveTask":
                activity = Attr(e, "messageRef") is null
                    ? Refuse<Activity>(e, id, "receiveTask has no message (set messageRef to a bpmn:message)")
                    : events.ReferencedName(e, id, "messageRef", "message") is { } message ? new ReceiveTask(id, name, location, message) : null;
                break;
            case "callActivity":
                activity = ReadCallActivity(e, id, name);
                allowed |= CamundaExtensions.CallMappings;
                break;
            case "subProcess":
                activity = new SubProcess(id, name, location, context.Bool(e, "triggeredByEvent", id, defaultValue: false));
                break;
            default:
                throw new InvalidOperationException($"{kind} is not an activity");
        }

        var values = extensions.Read(e, id, kind, allowed);
        if (activity is null)
        {
            return null;
        }

        activity.Inputs = values.Inputs;
        activity.Outputs = values.Outputs;
        activity.RetryTimeCycle = values.RetryTimeCycle;
        activity.AsyncBefore = context.Bool(e, Camunda + "asyncBefore", id, defaultValue: false)
            || context.Bool(e, Camunda + "async", id, defaultValue: false);
        switch (activity)
        {
            case UserTask userTask:
                userTask.FormFields = values.FormFields;
                break;
            case CallActivity call:
                call.InMappings = values.InMappings;
                call.OutMappings = values.OutMappings;
                call.BusinessKey = values.BusinessKey;
                break;
        }

        activity.MultiInstance = ReadLoop(e, id, activity);
        return activity;
    }

    private UserTask ReadUserTask(XElement e, string id, string? name, bool isManual)
    {
        if (CamundaAttr(e, "formRef") is not null)
        {
            context.Error(e, id, "camunda:formRef (Camunda Forms) is not supported; use camunda:formData or camunda:formKey");
        }

        return new UserTask(id, name, Location(e), isManual)
        {
            Assignee = CamundaAttr(e, "assignee"),
            CandidateUsers = CamundaAttr(e, "candidateUsers"),
            CandidateGroups = CamundaAttr(e, "candidateGroups"),
            DueDate = CamundaAttr(e, "dueDate"),
            FollowUpDate = CamundaAttr(e, "followUpDate"),
            Priority = CamundaAttr(e, "priority"),
            FormKey = CamundaAttr(e, "formKey"),
            WorkingTime = context.WorkingTime(e, id, report: false), // checked with the node
        };
    }

    private ServiceTask? ReadServiceTask(XElement e, string id, string? name, bool isSend)
    {
        var kind = e.Name.LocalName;
        const string Fix = "PropertyFlow runs service and send tasks as external tasks: set camunda:type=\"external\" camunda:topic=\"…\"";
        if (CodeAttributes.FirstOrDefault(a => CamundaAttr(e, a) is not null) is { } code)
        {
            return Refuse<ServiceTask>(e, id, $"{kind} uses camunda:{code}, which runs Java or JUEL code; {Fix}");
        }

        var type = CamundaAttr(e, "type");
        var topic = CamundaAttr(e, "topic");
        if (type is not null && type != "external")
        {
            return Refuse<ServiceTask>(e, id, $"{kind} has camunda:type=\"{ParseContext.Shown(type)}\"; {Fix}");
        }

        if (topic is null)
        {
            return Refuse<ServiceTask>(e, id, $"{kind} has no camunda:topic; {Fix}");
        }

        context.Topics.Add(topic);
        return new ServiceTask(id, name, Location(e), isSend, topic) { TaskPriority = CamundaAttr(e, "taskPriority") };
    }

    private ScriptTask? ReadScriptTask(XElement e, string id, string? name)
    {
        var format = Attr(e, "scriptFormat");
        if (CamundaAttr(e, "resource") is not null)
        {
            return Refuse<ScriptTask>(e, id, "scriptTask with camunda:resource is not supported; write the script inline in <script>");
        }

        if (!IsJavaScript(format))
        {
            return Refuse<ScriptTask>(e, id, format is null
                ? "scriptTask needs scriptFormat=\"javascript\""
                : $"scriptTask scriptFormat=\"{ParseContext.Shown(format)}\" is not supported; PropertyFlow runs javascript only");
        }

        var script = ChildText(e, "script");
        return script is null
            ? Refuse<ScriptTask>(e, id, "scriptTask has an empty script")
            : new ScriptTask(id, name, Location(e), format!, script, CamundaAttr(e, "resultVariable"));
    }

    private CallActivity? ReadCallActivity(XElement e, string id, string? name)
    {
        if (CamundaAttr(e, "caseRef") is not null)
        {
            return Refuse<CallActivity>(e, id, "callActivity with camunda:caseRef (CMMN) is not supported; set calledElement to a process id");
        }

        if (CamundaAttr(e, "variableMappingClass") is not null || CamundaAttr(e, "variableMappingDelegateExpression") is not null)
        {
            return Refuse<CallActivity>(e, id, "callActivity variable-mapping delegates run Java code; use camunda:in and camunda:out");
        }

        if (CamundaAttr(e, "calledElementBinding") is { } binding && binding != "latest")
        {
            context.Warning(e, id, $"camunda:calledElementBinding=\"{ParseContext.Shown(binding)}\" is ignored; the latest version of the called process is started");
        }

        var calledElement = Attr(e, "calledElement");
        return calledElement is null
            ? Refuse<CallActivity>(e, id, "callActivity has no calledElement (the id of the process to call)")
            : new CallActivity(id, name, Location(e), calledElement);
    }

    private MultiInstance? ReadLoop(XElement e, string id, Activity activity)
    {
        if (e.Element(Bpmn + "standardLoopCharacteristics") is { } standard)
        {
            context.Error(standard, id, "standardLoopCharacteristics is not supported by PropertyFlow (use multiInstanceLoopCharacteristics)");
        }

        foreach (var performer in e.Elements().Where(c => IsBpmn(c) && c.Name.LocalName is "resourceRole" or "performer" or "humanPerformer" or "potentialOwner"))
        {
            context.Error(performer, id, $"{performer.Name.LocalName} is not supported by PropertyFlow (use camunda:assignee, camunda:candidateUsers or camunda:candidateGroups)");
        }

        if (e.Element(Bpmn + "multiInstanceLoopCharacteristics") is not { } mi)
        {
            return null;
        }

        if (activity is SubProcess { TriggeredByEvent: true })
        {
            context.Error(mi, id, "an event sub-process cannot be multi-instance");
            return null;
        }

        var collection = CamundaAttr(mi, "collection") ?? ChildText(mi, "loopDataInputRef");
        var cardinality = ChildText(mi, "loopCardinality");
        if (collection is null && cardinality is null)
        {
            context.Error(mi, id, "multiInstanceLoopCharacteristics needs camunda:collection or loopCardinality");
            return null;
        }

        return new MultiInstance(
            context.Bool(mi, "isSequential", id, defaultValue: false),
            collection,
            CamundaAttr(mi, "elementVariable") ?? (mi.Element(Bpmn + "inputDataItem") is { } item ? Attr(item, "name") : null),
            cardinality,
            ChildText(mi, "completionCondition"));
    }

    private T? Refuse<T>(XElement e, string id, string message)
        where T : class
    {
        context.Error(e, id, message);
        return null;
    }
}
