using System.Text.Json;
using PropertyFlow.Engine.Expressions;
using PropertyFlow.Engine.Forms;
using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Variables;

namespace PropertyFlow.Engine.Tests.Forms;

public class FormValidatorTests
{
    // The complaint form of the 投诉处理 process, as Camunda Modeler writes it.
    private static readonly FormField[] ComplaintForm =
    [
        Field("title", "string", constraints: [("required", null), ("minlength", "2"), ("maxlength", "20")]),
        Field("units", "long", constraints: [("min", "1"), ("max", "10")]),
        Field("amount", "double", constraints: [("min", "0")]),
        Field("urgent", "boolean", defaultValue: "false"),
        Field("reportedOn", "date", constraints: [("min", "2020-01-01")]),
        Field("severity", "enum", enumValues: ["low", "high"], defaultValue: "low"),
        Field("channel", "string", defaultValue: "phone", constraints: [("readonly", null)]),
    ];

    [Fact]
    public void Validate_AllValuesValid_ConvertsToFieldTypesInFieldOrder()
    {
        var submitted = new Dictionary<string, object?>
        {
            ["severity"] = "high",
            ["reportedOn"] = "2024-05-01",
            ["urgent"] = "true",
            ["amount"] = "12.5",
            ["units"] = "3",
            ["title"] = "漏水 water leak",
        };

        var variables = FormValidator.Validate(ComplaintForm, submitted);

        Assert.Equal(
            """{"title":"漏水 water leak","units":3,"amount":12.5,"urgent":true,"reportedOn":"2024-05-01","severity":"high","channel":"phone"}""",
            variables.ToJson());
    }

    [Fact]
    public void Validate_JsonValues_AreAccepted()
    {
        using var document = JsonDocument.Parse("""{"title": "电梯故障", "units": 2, "amount": 7, "urgent": false, "reportedOn": "2024-05-01T09:30:00+08:00", "channel": "phone"}""");
        var submitted = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());

        var variables = FormValidator.Validate(ComplaintForm, submitted);

        Assert.Equal(2L, variables["units"]);
        Assert.Equal(7L, variables["amount"]);
        Assert.Equal(false, variables["urgent"]);
        Assert.Equal("2024-05-01T09:30:00+08:00", variables["reportedOn"]);
        Assert.Equal("low", variables["severity"]);
    }

    [Fact]
    public void Validate_MissingOptionalFields_GetDefaultsOrAreLeftOut()
    {
        var variables = FormValidator.Validate(ComplaintForm, new Dictionary<string, object?> { ["title"] = "噪音", ["units"] = null, ["amount"] = " " });

        Assert.Equal(["title", "urgent", "severity", "channel"], variables.Keys);
        Assert.Equal(false, variables["urgent"]);
    }

    [Fact]
    public void Validate_ExpressionDefault_UsesEvaluator()
    {
        using var evaluator = new JintExpressionEvaluator();
        var context = new VariableMap { ["initiator"] = "zhang" };
        FormField[] form = [Field("assignee", "string", defaultValue: "${initiator}"), Field("count", "long", defaultValue: "${1 + 1}")];

        var variables = FormValidator.Validate(form, new Dictionary<string, object?>(), text => ExpressionText.EvaluateValue(text, evaluator, context));

        Assert.Equal("zhang", variables["assignee"]);
        Assert.Equal(2L, variables["count"]);
    }

    [Fact]
    public void Validate_ExpressionDefaultWithoutEvaluator_Throws()
    {
        FormField[] form = [Field("assignee", "string", defaultValue: "${initiator}")];

        Assert.Throws<InvalidOperationException>(() => FormValidator.Validate(form, new Dictionary<string, object?>()));
    }

    [Theory]
    [InlineData("title", null, "required")]
    [InlineData("title", "", "required")]
    [InlineData("title", "x", "must be at least 2 characters long")]
    [InlineData("title", "this title is far too long to fit", "must be at most 20 characters long")]
    [InlineData("title", 12345, null)]
    [InlineData("units", "three", "must be a whole number")]
    [InlineData("units", 2.5, "must be a whole number")]
    [InlineData("units", true, "must be a whole number")]
    [InlineData("units", 0, "must be at least 1")]
    [InlineData("units", "11", "must be at most 10")]
    [InlineData("amount", "1,5", "must be a number")]
    [InlineData("amount", "NaN", "must be a number")]
    [InlineData("amount", -0.5, "must be at least 0")]
    [InlineData("urgent", "yes", "must be true or false")]
    [InlineData("urgent", 1, "must be true or false")]
    [InlineData("reportedOn", "01/05/2024", "must be a date (yyyy-MM-dd) or an instant with an offset (2024-05-01T09:30:00+08:00)")]
    [InlineData("reportedOn", "2024-05-01T09:30:00", "must be a date (yyyy-MM-dd) or an instant with an offset (2024-05-01T09:30:00+08:00)")]
    [InlineData("reportedOn", "2019-12-31", "must be at least 2020-01-01")]
    [InlineData("severity", "medium", "must be one of: low, high")]
    [InlineData("severity", "HIGH", "must be one of: low, high")]
    [InlineData("channel", "email", "is read-only and must stay \"phone\"")]
    [InlineData("channel", "phone", null)]
    [InlineData("unknown", "x", "is not a field of this form")]
    public void Validate_BadValue_ThrowsWithFieldMessage(string field, object? value, string? expected)
    {
        var submitted = new Dictionary<string, object?> { ["title"] = "正常标题", [field] = value };

        var error = Record.Exception(() => FormValidator.Validate(ComplaintForm, submitted));

        if (expected is null)
        {
            Assert.Null(error);
            return;
        }

        var validation = Assert.IsType<ValidationException>(error);
        Assert.Equal([expected], validation.Errors[field]);
        Assert.Single(validation.Errors);
        Assert.Contains($"{field}: {expected}", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEachField()
    {
        var submitted = new Dictionary<string, object?> { ["units"] = "many", ["severity"] = "medium" };

        var error = Assert.Throws<ValidationException>(() => FormValidator.Validate(ComplaintForm, submitted));

        Assert.Equal(["title", "units", "severity"], error.Errors.Keys);
        Assert.Equal(["required"], error.Errors["title"]);
        Assert.Equal("3 form fields are not valid: title: required; units: must be a whole number; severity: must be one of: low, high.", error.Message);
    }

    [Fact]
    public void Validate_ValueThatIsNotData_IsReported()
    {
        var error = Assert.Throws<ValidationException>(() => FormValidator.Validate(ComplaintForm, new Dictionary<string, object?> { ["title"] = new { A = 1 } }));

        Assert.StartsWith("is not a valid value", error.Errors["title"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReadOnlyWithoutDefault_RefusesAnyValue()
    {
        FormField[] form = [Field("ticket", "string", constraints: [("readonly", null)])];

        var error = Assert.Throws<ValidationException>(() => FormValidator.Validate(form, new Dictionary<string, object?> { ["ticket"] = "T-1" }));

        Assert.Equal(["is read-only"], error.Errors["ticket"]);
    }

    [Theory]
    [InlineData("string", "5", "pattern", "[a-z]+", "has the unsupported constraint 'pattern'")]
    [InlineData("string", "5", "minlength", "two", "has an invalid minlength constraint 'two'")]
    [InlineData("long", "5", "max", "ten", "has an invalid max constraint 'ten'")]
    [InlineData("date", "2024-05-01", "min", "yesterday", "has an invalid min constraint 'yesterday' (a date field needs yyyy-MM-dd)")]
    [InlineData("color", "red", "required", null, "has the unsupported type 'color'")]
    public void Validate_BrokenFieldDefinition_IsReportedNotSkipped(string type, string value, string constraint, string? config, string expected)
    {
        FormField[] form = [Field("f", type, constraints: [(constraint, config)])];

        var error = Assert.Throws<ValidationException>(() => FormValidator.Validate(form, new Dictionary<string, object?> { ["f"] = value }));

        Assert.Equal([expected], error.Errors["f"]);
    }

    [Fact]
    public void Validate_DefaultOfWrongType_IsReported()
    {
        FormField[] form = [Field("n", "long", defaultValue: "many")];

        var error = Assert.Throws<ValidationException>(() => FormValidator.Validate(form, new Dictionary<string, object?>()));

        Assert.Equal(["default value \"many\": must be a whole number"], error.Errors["n"]);
    }

    [Fact]
    public void Validate_NoFields_PassesSubmittedValuesThrough()
    {
        var variables = FormValidator.Validate([], new Dictionary<string, object?> { ["anything"] = 5, ["note"] = "备注" });

        Assert.Equal("""{"anything":5,"note":"备注"}""", variables.ToJson());
    }

    [Fact]
    public void Validate_NoFieldsAndValueThatIsNotData_Throws()
    {
        var error = Assert.Throws<ValidationException>(() => FormValidator.Validate([], new Dictionary<string, object?> { ["x"] = new object() }));

        Assert.Contains("x", error.Errors.Keys);
    }

    [Fact]
    public void Defaults_GivesTypedDefaultsOnly()
    {
        var defaults = FormValidator.Defaults(ComplaintForm);

        Assert.Equal("""{"urgent":false,"severity":"low","channel":"phone"}""", defaults.ToJson());
    }

    [Fact]
    public void Defaults_ValidateTheirOwnFormWhenComplete()
    {
        FormField[] form = [Field("ok", "boolean", defaultValue: "true", constraints: [("required", null)]), Field("n", "long", defaultValue: "3")];

        var defaults = FormValidator.Defaults(form);

        Assert.Equal(defaults.ToJson(), FormValidator.Validate(form, defaults).ToJson());
    }

    [Fact]
    public void Defaults_WrongType_Throws()
    {
        Assert.Throws<ValidationException>(() => FormValidator.Defaults([Field("d", "date", defaultValue: "tomorrow")]));
    }

    private static FormField Field(
        string id,
        string type,
        string? defaultValue = null,
        string[]? enumValues = null,
        (string Name, string? Config)[]? constraints = null) =>
        new(
            id,
            Label: id,
            type,
            defaultValue,
            [.. (enumValues ?? []).Select(v => KeyValuePair.Create(v, v.ToUpperInvariant()))],
            [.. (constraints ?? []).Select(c => KeyValuePair.Create(c.Name, c.Config))],
            SourceLocation.Unknown);
}
