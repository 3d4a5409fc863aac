using System.Collections.Frozen;
using System.Xml.Linq;
using PropertyFlow.Engine.Model;
using static PropertyFlow.Engine.Parsing.ParseContext;

namespace PropertyFlow.Engine.Parsing;

/// <summary>Reads <c>camunda:formData</c>: form fields with type, default, validation constraints and enum values.</summary>
internal sealed class FormDataReader(ParseContext context)
{
    private static readonly FrozenSet<string> Types =
        new[] { "string", "long", "double", "boolean", "date", "enum" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Constraints =
        new[] { "required", "readonly", "minlength", "maxlength", "min", "max" }.ToFrozenSet(StringComparer.Ordinal);

    public void Read(XElement formData, string? ownerId, List<FormField> fields)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in formData.Elements())
        {
            if (!IsCamunda(field) || field.Name.LocalName != "formField")
            {
                context.Error(field, ownerId, $"{field.Name.LocalName} is not allowed in camunda:formData (camunda:formField only)");
                continue;
            }

            if (Read(field, ownerId) is { } formField)
            {
                if (seen.Add(formField.Id))
                {
                    fields.Add(formField);
                }
                else
                {
                    context.Error(field, ownerId, $"form field id '{formField.Id}' is used twice");
                }
            }
        }
    }

    private FormField? Read(XElement field, string? ownerId)
    {
        var id = Attr(field, "id");
        if (id is null)
        {
            context.Error(field, ownerId, "camunda:formField needs an id (the variable name)");
            return null;
        }

        var type = Attr(field, "type") ?? "string";
        if (!Types.Contains(type))
        {
            context.Error(field, ownerId, $"form field '{id}' has type '{type}'; supported: {string.Join(", ", Types.Order(StringComparer.Ordinal))}");
            return null;
        }

        var enumValues = new List<KeyValuePair<string, string>>();
        var validation = new List<KeyValuePair<string, string?>>();
        foreach (var child in field.Elements())
        {
            switch (IsCamunda(child) ? child.Name.LocalName : null)
            {
                case "properties":
                    break;
                case "validation":
                    ReadConstraints(child, id, ownerId, validation);
                    break;
                case "value" when type == "enum":
                    if (Attr(child, "id") is { } valueId)
                    {
                        enumValues.Add(new(valueId, Attr(child, "name") ?? valueId));
                    }
                    else
                    {
                        context.Error(child, ownerId, $"an enum value of form field '{id}' needs an id");
                    }

                    break;
                case "value":
                    context.Error(child, ownerId, $"form field '{id}' has camunda:value entries but type '{type}'; use type=\"enum\"");
                    break;
                default:
                    context.Error(child, ownerId, $"{child.Name.LocalName} is not allowed in form field '{id}'");
                    break;
            }
        }

        if (type == "enum" && enumValues.Count == 0)
        {
            context.Error(field, ownerId, $"enum form field '{id}' has no camunda:value");
        }

        return new FormField(id, Attr(field, "label"), type, Attr(field, "defaultValue"), enumValues, validation, Location(field));
    }

    private void ReadConstraints(XElement validationElement, string fieldId, string? ownerId, List<KeyValuePair<string, string?>> validation)
    {
        foreach (var constraint in validationElement.Elements())
        {
            var name = Attr(constraint, "name");
            if (!IsCamunda(constraint) || constraint.Name.LocalName != "constraint" || name is null)
            {
                context.Error(constraint, ownerId, $"camunda:validation of form field '{fieldId}' holds camunda:constraint elements with a name");
            }
            else if (!Constraints.Contains(name))
            {
                context.Error(constraint, ownerId,
                    $"constraint '{name}' of form field '{fieldId}' is not supported; supported: required, readonly, minlength, maxlength, min, max");
            }
            else
            {
                validation.Add(new(name, Attr(constraint, "config")));
            }
        }
    }
}
