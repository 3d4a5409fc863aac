using PropertyFlow.Engine.Runtime;
using PropertyFlow.Workflows.Catalog;

namespace PropertyFlow.Workflows.Tests.Catalog;

public class ServiceTaskInputsTests
{
    private static readonly ServiceTaskDescriptor Descriptor = new(
        "test.block",
        new("测试", "Test"),
        new("测试用", "For tests"),
        [
            new("period", InputType.String, new("账期", "Period"), Required: true),
            new("rate", InputType.Decimal, new("费率", "Rate"), Default: "0.0005"),
            new("graceDays", InputType.Integer, new("宽限天数", "Grace days"), Default: "15"),
            new("channel", InputType.Choice, new("渠道", "Channel"), Default: "email", Choices: ["email", "sms"]),
            new("wait", InputType.Duration, new("等待", "Wait")),
        ],
        []);

    private static ServiceTaskContext Context(Dictionary<string, object?> inputs) => new()
    {
        InstanceId = Guid.NewGuid(),
        ProcessKey = "p",
        ElementId = "t",
        Inputs = inputs,
        Variables = inputs,
        Now = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Defaults_fill_absent_inputs_and_text_is_converted_to_the_declared_type()
    {
        var inputs = ServiceTaskInputs.Bind(Descriptor, Context(new() { ["period"] = "2026-11", ["graceDays"] = "10", ["wait"] = "PT30M" }));

        Assert.Equal("2026-11", inputs.String("period"));
        Assert.Equal(0.0005m, inputs.Decimal("rate"));
        Assert.Equal(10L, inputs.Integer("graceDays"));
        Assert.Equal("email", inputs.String("channel"));
        Assert.Equal(TimeSpan.FromMinutes(30), inputs.Duration("wait"));
    }

    [Fact]
    public void Missing_required_and_wrong_values_are_all_named_in_one_error()
    {
        var e = Assert.Throws<ServiceTaskInputException>(() =>
            ServiceTaskInputs.Bind(Descriptor, Context(new() { ["rate"] = "lots", ["channel"] = "pigeon" })));

        Assert.Equal("test.block", e.Topic);
        Assert.Equal(3, e.Problems.Count);
        Assert.Contains(e.Problems, p => p.Contains("'period'", StringComparison.Ordinal) && p.Contains("required", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("'lots' is not a valid decimal", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("'pigeon' is not one of email, sms", StringComparison.Ordinal));
    }
}
