using System.Text.Json.Nodes;
using PropertyFlow.Workflows.Catalog;

namespace PropertyFlow.Server.WebConsole;

/// <summary>
/// Turns the service-task catalogue into Camunda 7 element templates, the format bpmn-js-element-templates
/// reads: one template per topic, applying to service tasks, that fixes <c>camunda:type="external"</c> and
/// the topic and asks for each declared input as a <c>camunda:inputParameter</c>. So a manager picks a
/// building block and fills in fields; the handler checks the same declaration when it runs.
/// </summary>
public static class ElementTemplateWriter
{
    /// <summary>Template ids are the topic under this prefix.</summary>
    public const string IdPrefix = "propertyflow.";

    // An input may always be a ${...} expression instead of a literal value.
    private const string Expression = @"\$\{.+\}";

    public static JsonArray Write(IEnumerable<ServiceTaskDescriptor> descriptors, bool english)
    {
        ArgumentNullException.ThrowIfNull(descriptors);
        var templates = new JsonArray();
        foreach (var d in descriptors)
        {
            var properties = new JsonArray
            {
                Hidden("external", "camunda:type"),
                Hidden(d.Topic, "camunda:topic"),
            };
            foreach (var input in d.Inputs)
            {
                properties.Add(Input(input, english));
            }

            templates.Add(new JsonObject
            {
                ["name"] = Pick(d.Name, english),
                ["id"] = IdPrefix + d.Topic,
                ["version"] = 1,
                ["description"] = Pick(d.Description, english),
                ["appliesTo"] = new JsonArray("bpmn:ServiceTask"),
                ["properties"] = properties,
            });
        }

        return templates;
    }

    private static string Pick(LocalizedText text, bool english) => english ? text.En : text.Zh;

    private static JsonObject Hidden(string value, string property) => new()
    {
        ["type"] = "Hidden",
        ["value"] = value,
        ["binding"] = new JsonObject { ["type"] = "property", ["name"] = property },
    };

    private static JsonObject Input(ServiceTaskInput input, bool english)
    {
        var property = new JsonObject
        {
            ["label"] = Pick(input.Label, english),
            ["type"] = input.Type switch
            {
                InputType.Text => "Text",
                // Camunda 7 templates allow no Boolean field on an input parameter: a yes/no dropdown instead.
                InputType.Boolean or InputType.Choice => "Dropdown",
                _ => "String",
            },
            ["binding"] = new JsonObject { ["type"] = "camunda:inputParameter", ["name"] = input.Name },
        };
        if (input.Default is not null)
        {
            property["value"] = input.Default;
        }
        else if (input.Type == InputType.Choice && input.Choices is { Count: > 0 } first)
        {
            property["value"] = first[0];
        }

        if (input.Type == InputType.Choice)
        {
            property["choices"] = new JsonArray([.. (input.Choices ?? []).Select(c => (JsonNode)new JsonObject { ["name"] = c, ["value"] = c })]);
        }
        else if (input.Type == InputType.Boolean)
        {
            property["choices"] = new JsonArray(
                new JsonObject { ["name"] = english ? "Yes" : "是", ["value"] = "true" },
                new JsonObject { ["name"] = english ? "No" : "否", ["value"] = "false" });
            property["value"] ??= "false";
        }

        var constraints = new JsonObject();
        if (input.Required && input.Default is null)
        {
            constraints["notEmpty"] = true;
        }

        if (Pattern(input.Type) is { } pattern)
        {
            constraints["pattern"] = new JsonObject
            {
                ["value"] = $"^(?:{pattern}|{Expression})$",
                ["message"] = english ? $"Must be a {Describe(input.Type)} or a ${{...}} expression." : $"须为{DescribeZh(input.Type)}或 ${{...}} 表达式。",
            };
        }

        if (constraints.Count > 0)
        {
            property["constraints"] = constraints;
        }

        return property;
    }

    private static string? Pattern(InputType type) => type switch
    {
        InputType.Integer => @"-?\d+",
        InputType.Decimal => @"-?\d+(?:\.\d+)?",
        InputType.Date => @"\d{4}-\d{2}-\d{2}",
        InputType.DateTime => @"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})",
        InputType.Duration => @"-?P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?",
        _ => null,
    };

    private static string Describe(InputType type) => type switch
    {
        InputType.Integer => "whole number",
        InputType.Decimal => "decimal number such as 12.50",
        InputType.Date => "date yyyy-MM-dd",
        InputType.DateTime => "date and time with offset (ISO 8601)",
        InputType.Duration => "duration such as PT30M (ISO 8601)",
        _ => type.ToString(),
    };

    private static string DescribeZh(InputType type) => type switch
    {
        InputType.Integer => "整数",
        InputType.Decimal => "小数（如 12.50）",
        InputType.Date => "日期 yyyy-MM-dd",
        InputType.DateTime => "带时区的日期时间（ISO 8601）",
        InputType.Duration => "时长（如 PT30M，ISO 8601）",
        _ => type.ToString(),
    };
}
