using System.Xml.Linq;
using PropertyFlow.Engine.Model;
using static PropertyFlow.Engine.Parsing.ParseContext;

namespace PropertyFlow.Engine.Parsing;

/// <summary>Which <c>camunda:</c> extension elements an element may carry.</summary>
[Flags]
internal enum CamundaExtensions
{
    None = 0,
    Inputs = 1,
    Outputs = 2,
    FormData = 4,
    CallMappings = 8,
    RetryCycle = 16,
}

/// <summary>The <c>camunda:</c> content of one element's <c>extensionElements</c>.</summary>
internal sealed class CamundaExtensionValues
{
    public List<IoParameter> Inputs { get; } = [];

    public List<IoParameter> Outputs { get; } = [];

    public List<FormField> FormFields { get; } = [];

    public List<VariableMapping> InMappings { get; } = [];

    public List<VariableMapping> OutMappings { get; } = [];

    public string? BusinessKey { get; set; }

    public string? RetryTimeCycle { get; set; }
}

/// <summary>
/// Reads <c>extensionElements</c>: the Camunda elements PropertyFlow understands, <c>camunda:properties</c>
/// (metadata, ignored), and a problem for every other Camunda element — listeners, connectors and field
/// injection run Java code that does not exist here. Elements of other vendors' namespaces are ignored.
/// </summary>
internal sealed class CamundaExtensionReader(ParseContext context)
{
    public CamundaExtensionValues Read(XElement owner, string? ownerId, string ownerKind, CamundaExtensions allowed)
    {
        var values = new CamundaExtensionValues();
        foreach (var child in owner.Elements(Bpmn + "extensionElements").Elements())
        {
            if (!IsCamunda(child))
            {
                continue;
            }

            switch (child.Name.LocalName)
            {
                case "properties":
                    break;
                case "inputOutput" when (allowed & (CamundaExtensions.Inputs | CamundaExtensions.Outputs)) != 0:
                    ReadInputOutput(child, ownerId, ownerKind, allowed, values);
                    break;
                case "formData" when allowed.HasFlag(CamundaExtensions.FormData):
                    new FormDataReader(context).Read(child, ownerId, values.FormFields);
                    break;
                case "in" or "out" when allowed.HasFlag(CamundaExtensions.CallMappings):
                    ReadMapping(child, ownerId, values);
                    break;
                case "failedJobRetryTimeCycle":
                    ReadRetryCycle(child, ownerId, ownerKind, allowed, values);
                    break;
                case "executionListener" or "taskListener":
                    context.Error(child, ownerId,
                        $"camunda:{child.Name.LocalName} is not supported: PropertyFlow runs no listeners (class, expression, delegateExpression or script); "
                        + "model the work as a serviceTask with camunda:type=\"external\" camunda:topic=\"…\"");
                    break;
                case "connector":
                    context.Error(child, ownerId, "camunda:connector is not supported; use camunda:type=\"external\" camunda:topic=\"…\" and a topic handler");
                    break;
                case "field":
                    context.Error(child, ownerId, "camunda:field injects values into Java delegates, which PropertyFlow does not run; use camunda:inputOutput");
                    break;
                case "formProperty":
                    context.Error(child, ownerId, "camunda:formProperty is not supported; use camunda:formData with camunda:formField");
                    break;
                case "inputOutput" or "formData" or "in" or "out":
                    context.Error(child, ownerId, $"camunda:{child.Name.LocalName} is not supported on {ownerKind} elements");
                    break;
                default:
                    context.Error(child, ownerId, $"camunda:{child.Name.LocalName} is not supported by PropertyFlow");
                    break;
            }
        }

        return values;
    }

    private void ReadInputOutput(XElement inputOutput, string? ownerId, string ownerKind, CamundaExtensions allowed, CamundaExtensionValues values)
    {
        foreach (var parameter in inputOutput.Elements())
        {
            var local = parameter.Name.LocalName;
            var isInput = local == "inputParameter";
            if (!IsCamunda(parameter) || (!isInput && local != "outputParameter"))
            {
                context.Error(parameter, ownerId, $"{local} is not allowed in camunda:inputOutput (inputParameter or outputParameter)");
                continue;
            }

            if (!allowed.HasFlag(isInput ? CamundaExtensions.Inputs : CamundaExtensions.Outputs))
            {
                context.Error(parameter, ownerId, $"camunda:{local} is not supported on {ownerKind} elements");
                continue;
            }

            var name = Attr(parameter, "name");
            if (name is null)
            {
                context.Error(parameter, ownerId, $"camunda:{local} needs a name");
                continue;
            }

            if (ReadIoValue(parameter, ownerId) is { } value)
            {
                (isInput ? values.Inputs : values.Outputs).Add(new IoParameter(name, value));
            }
        }
    }

    /// <summary>The content of a parameter, list item or map entry: text, or one list, map or script.</summary>
    private IoValue? ReadIoValue(XElement holder, string? ownerId)
    {
        var children = holder.Elements().ToList();
        if (children.Count == 0)
        {
            // An empty parameter is kept as empty text; Camunda would store null.
            return new IoText(holder.Value.Trim());
        }

        if (children.Count > 1 || !IsCamunda(children[0]))
        {
            context.Error(holder, ownerId, $"{holder.Name.LocalName} must hold text or exactly one camunda:list, camunda:map or camunda:script");
            return null;
        }

        return ReadStructured(children[0], ownerId);
    }

    private IoValue? ReadStructured(XElement child, string? ownerId)
    {
        switch (child.Name.LocalName)
        {
            case "list" when IsCamunda(child):
                var items = new List<IoValue>();
                foreach (var item in child.Elements())
                {
                    var value = IsCamunda(item) && item.Name.LocalName == "value" ? ReadIoValue(item, ownerId) : ReadStructured(item, ownerId);
                    if (value is not null)
                    {
                        items.Add(value);
                    }
                }

                return new IoList(items);
            case "map" when IsCamunda(child):
                var entries = new List<KeyValuePair<string, IoValue>>();
                foreach (var entry in child.Elements())
                {
                    var key = entry.Attribute("key")?.Value;
                    if (!IsCamunda(entry) || entry.Name.LocalName != "entry" || key is null)
                    {
                        context.Error(entry, ownerId, "camunda:map holds camunda:entry elements with a key");
                    }
                    else if (ReadIoValue(entry, ownerId) is { } value)
                    {
                        entries.Add(new(key, value));
                    }
                }

                return new IoMap(entries);
            case "script" when IsCamunda(child):
                return ReadScript(child, ownerId);
            default:
                context.Error(child, ownerId, $"{child.Name.LocalName} is not allowed here (text, camunda:value, camunda:list, camunda:map or camunda:script)");
                return null;
        }
    }

    private IoScript? ReadScript(XElement script, string? ownerId)
    {
        var format = Attr(script, "scriptFormat");
        if (Attr(script, "resource") is not null)
        {
            context.Error(script, ownerId, "camunda:script with a resource is not supported; write the script inline");
            return null;
        }

        if (!IsJavaScript(format))
        {
            context.Error(script, ownerId, $"camunda:script scriptFormat=\"{ParseContext.Shown(format)}\" is not supported; use javascript");
            return null;
        }

        var source = Clean(script.Value);
        if (source is null)
        {
            context.Error(script, ownerId, "camunda:script is empty");
            return null;
        }

        return new IoScript(format!, source);
    }

    private void ReadMapping(XElement mapping, string? ownerId, CamundaExtensionValues values)
    {
        var isIn = mapping.Name.LocalName == "in";
        var label = $"camunda:{mapping.Name.LocalName}";
        if (Attr(mapping, "local") == "true")
        {
            context.Warning(mapping, ownerId, $"{label} local=\"true\" is ignored; all variables of the scope are mapped");
        }

        if (isIn && Attr(mapping, "businessKey") is { } businessKey)
        {
            values.BusinessKey = businessKey;
            return;
        }

        var source = Attr(mapping, "source");
        var sourceExpression = Attr(mapping, "sourceExpression");
        var target = Attr(mapping, "target");
        var all = Attr(mapping, "variables") == "all";
        if (all && source is null && sourceExpression is null)
        {
            (isIn ? values.InMappings : values.OutMappings).Add(new VariableMapping(null, null, null, AllVariables: true));
            return;
        }

        if (source is not null && sourceExpression is not null)
        {
            context.Error(mapping, ownerId, $"{label} has both source and sourceExpression; keep one");
        }
        else if (source is null && sourceExpression is null)
        {
            context.Error(mapping, ownerId, $"{label} needs source, sourceExpression or variables=\"all\"" + (isIn ? " (or businessKey)" : string.Empty));
        }
        else if (target is null)
        {
            context.Error(mapping, ownerId, $"{label} needs a target variable name");
        }
        else
        {
            (isIn ? values.InMappings : values.OutMappings).Add(new VariableMapping(source, sourceExpression, target, AllVariables: false));
        }
    }

    private void ReadRetryCycle(XElement element, string? ownerId, string ownerKind, CamundaExtensions allowed, CamundaExtensionValues values)
    {
        var text = Clean(element.Value);
        if (!allowed.HasFlag(CamundaExtensions.RetryCycle))
        {
            context.Warning(element, ownerId, $"camunda:failedJobRetryTimeCycle is ignored on {ownerKind} elements; only activities run as retried jobs");
            return;
        }

        if (text is null || IsExpression(text))
        {
            values.RetryTimeCycle = text;
            return;
        }

        // Camunda accepts a cycle (R3/PT5M) or a list of intervals (PT1M,PT5M,PT10M).
        var valid = text.StartsWith('R')
            ? Timers.TimerSchedule.TryParse(TimerKind.Cycle, text, context.Options.TimeZone, out _, out _)
            : text.Split(',').All(part => Timers.IsoDuration.TryParse(part, out var d) && !d.IsZero);
        if (!valid)
        {
            context.Error(element, ownerId, $"camunda:failedJobRetryTimeCycle '{text}' must be a cycle such as R3/PT5M or a list of durations such as PT1M,PT5M,PT10M");
            return;
        }

        values.RetryTimeCycle = text;
    }
}
