using System.Collections.ObjectModel;
using System.Dynamic;
using System.Text.Json;
using System.Text.Json.Nodes;
using PropertyFlow.Engine.Variables;

namespace PropertyFlow.Engine.Tests.Variables;

public class VariableValueTests
{
    [Theory]
    [InlineData(42, 42L)]
    [InlineData((short)7, 7L)]
    [InlineData((byte)255, 255L)]
    [InlineData(42u, 42L)]
    [InlineData(2.0, 2L)]
    [InlineData(-0.0, 0L)]
    [InlineData(2.5, 2.5)]
    [InlineData(0.1f, 0.1)]
    [InlineData('x', "x")]
    [InlineData(true, true)]
    [InlineData("text", "text")]
    public void Normalize_Scalar_GivesNormalForm(object input, object expected)
    {
        var normalized = VariableValue.Normalize(input);

        Assert.Equal(expected, normalized);
        Assert.Equal(expected.GetType(), normalized!.GetType());
    }

    [Fact]
    public void Normalize_Decimal_IntegralIsLongFractionIsDouble()
    {
        Assert.Equal(12L, VariableValue.Normalize(12.000m));
        Assert.Equal(12.34, VariableValue.Normalize(12.34m));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Normalize_NonFiniteNumber_Throws(double input)
    {
        Assert.Throws<ArgumentException>(() => VariableValue.Normalize(input));
    }

    [Fact]
    public void Normalize_HugeIntegralDouble_StaysDouble()
    {
        Assert.Equal(1e20, VariableValue.Normalize(1e20));
    }

    [Fact]
    public void Normalize_Dates_BecomeIsoText()
    {
        var instant = new DateTimeOffset(2024, 5, 1, 9, 30, 0, TimeSpan.FromHours(8));

        Assert.Equal("2024-05-01T09:30:00+08:00", VariableValue.Normalize(instant));
        Assert.Equal("2024-05-01T09:30:00.25+08:00", VariableValue.Normalize(instant.AddMilliseconds(250)));
        Assert.Equal("2024-05-01T01:30:00+00:00", VariableValue.Normalize(instant.UtcDateTime));
        Assert.Equal("2024-05-01", VariableValue.Normalize(new DateOnly(2024, 5, 1)));
        Assert.Equal("09:30:00", VariableValue.Normalize(new TimeOnly(9, 30)));
        Assert.Equal("P1DT2H", VariableValue.Normalize(TimeSpan.FromHours(26)));
    }

    [Fact]
    public void Normalize_UnspecifiedDateTime_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => VariableValue.Normalize(new DateTime(2024, 5, 1)));

        Assert.Contains("DateTimeOffset", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_OtherSimpleTypes_BecomeText()
    {
        var id = Guid.NewGuid();

        Assert.Equal(id.ToString("D"), VariableValue.Normalize(id));
        Assert.Equal("Friday", VariableValue.Normalize(DayOfWeek.Friday));
        Assert.Equal("https://example.com/a", VariableValue.Normalize(new Uri("https://example.com/a")));
    }

    [Fact]
    public void Normalize_ArraysAndSequences_BecomeListsOfNormalValues()
    {
        Assert.Equal(new List<object?> { 1L, 2L }, VariableValue.Normalize(new[] { 1, 2 }));
        Assert.Equal(new List<object?> { "a", null }, VariableValue.Normalize(new List<string?> { "a", null }));
        Assert.Equal(new List<object?> { 0L, 1L, 2L }, VariableValue.Normalize(Enumerable.Range(0, 3)));
        Assert.Equal(new List<object?> { new List<object?> { 1.5 } }, VariableValue.Normalize(new[] { new[] { 1.5m } }));
    }

    [Fact]
    public void Normalize_Dictionaries_BecomeOrdinalDictionariesInOrder()
    {
        var typed = VariableValue.Normalize(new Dictionary<string, int> { ["b"] = 2, ["a"] = 1 });
        var readOnly = VariableValue.Normalize(new ReadOnlyDictionary<string, decimal>(new Dictionary<string, decimal> { ["x"] = 1.5m }));
        dynamic expando = new ExpandoObject();
        expando.name = "王";

        var dictionary = Assert.IsType<Dictionary<string, object?>>(typed);
        Assert.Equal(["b", "a"], dictionary.Keys);
        Assert.Equal(2L, dictionary["b"]);
        Assert.Equal(1.5, Assert.IsType<Dictionary<string, object?>>(readOnly)["x"]);
        Assert.Equal("王", Assert.IsType<Dictionary<string, object?>>(VariableValue.Normalize((object)expando))["name"]);
    }

    [Fact]
    public void Normalize_NonTextKeys_Throws()
    {
        Assert.Throws<ArgumentException>(() => VariableValue.Normalize(new Dictionary<int, string> { [1] = "a" }));
    }

    [Fact]
    public void Normalize_Json_BecomesNormalForm()
    {
        using var document = JsonDocument.Parse("""{"n": 5, "x": 2.5, "s": "是", "l": [true, null], "o": {}}""");
        var node = JsonNode.Parse("""{"n": 5.0}""");

        var fromElement = Assert.IsType<Dictionary<string, object?>>(VariableValue.Normalize(document.RootElement));
        var fromNode = Assert.IsType<Dictionary<string, object?>>(VariableValue.Normalize(node));

        Assert.Equal(5L, fromElement["n"]);
        Assert.Equal(2.5, fromElement["x"]);
        Assert.Equal("是", fromElement["s"]);
        Assert.Equal(new List<object?> { true, null }, fromElement["l"]);
        Assert.Empty(Assert.IsType<Dictionary<string, object?>>(fromElement["o"]));
        Assert.Equal(5L, fromNode["n"]);
    }

    [Fact]
    public void Normalize_AnonymousObject_ThrowsNamingTheType()
    {
        var value = new { Name = "x" };

        var error = Assert.Throws<ArgumentException>(() => VariableValue.Normalize(value));

        Assert.Contains(value.GetType().ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_Record_Throws()
    {
        Assert.Throws<ArgumentException>(() => VariableValue.Normalize(new Sample("x")));
    }

    [Fact]
    public void Normalize_Bytes_Throws()
    {
        Assert.Throws<ArgumentException>(() => VariableValue.Normalize(new byte[] { 1 }));
    }

    [Fact]
    public void Normalize_SelfContainingList_Throws()
    {
        var list = new List<object?>();
        list.Add(list);

        Assert.Throws<ArgumentException>(() => VariableValue.Normalize(list));
    }

    [Fact]
    public void Normalize_NormalList_ReturnsCopy()
    {
        var list = new List<object?> { 1L };

        var copy = VariableValue.Normalize(list);
        list.Add(2L);

        Assert.Equal(new List<object?> { 1L }, copy);
    }

    [Fact]
    public void ToJson_ChineseText_IsNotEscaped()
    {
        Assert.Equal("""{"标题":"物业管理 投诉"}""", VariableValue.ToJson(new Dictionary<string, object?> { ["标题"] = "物业管理 投诉" }));
    }

    [Fact]
    public void ToJson_KeepsInsertionOrderAndCompactNumbers()
    {
        var value = new Dictionary<string, object?> { ["z"] = 1L, ["a"] = 2.5, ["m"] = new List<object?> { null, true, "x" } };

        Assert.Equal("""{"z":1,"a":2.5,"m":[null,true,"x"]}""", VariableValue.ToJson(value));
    }

    [Fact]
    public void ToJson_RawClrValue_IsNormalizedFirst()
    {
        Assert.Equal("""[1,"2024-05-01"]""", VariableValue.ToJson(new object[] { 1, new DateOnly(2024, 5, 1) }));
    }

    [Fact]
    public void FromJson_ToJson_RoundTrips()
    {
        var value = new Dictionary<string, object?>
        {
            ["name"] = "张三",
            ["amount"] = 1234L,
            ["rate"] = 0.125,
            ["paid"] = false,
            ["nothing"] = null,
            ["tags"] = new List<object?> { "维修", 3L },
            ["nested"] = new Dictionary<string, object?> { ["deep"] = new List<object?> { new Dictionary<string, object?>() } },
        };

        var json = VariableValue.ToJson(value);
        var back = VariableValue.FromJson(json);

        Assert.Equal(json, VariableValue.ToJson(back));
        var dictionary = Assert.IsType<Dictionary<string, object?>>(back);
        Assert.Equal(1234L, dictionary["amount"]);
        Assert.Equal(0.125, dictionary["rate"]);
        Assert.Equal("张三", dictionary["name"]);
    }

    [Theory]
    [InlineData("2.0", 2L)]
    [InlineData("1e3", 1000L)]
    [InlineData("-7", -7L)]
    [InlineData("0.5", 0.5)]
    [InlineData("12345678901234567890", 12345678901234567890.0)]
    public void FromJson_Number_IsLongWhenIntegral(string json, object expected)
    {
        Assert.Equal(expected, VariableValue.FromJson(json));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("1e999")]
    [InlineData("'single'")]
    public void FromJson_Invalid_ThrowsJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => VariableValue.FromJson(json));
    }

    [Fact]
    public void FromJson_TooDeep_ThrowsJsonException()
    {
        var json = new string('[', 100) + new string(']', 100);

        Assert.ThrowsAny<JsonException>(() => VariableValue.FromJson(json));
    }

    [Fact]
    public void As_ReadsOneValueTyped()
    {
        Assert.Equal(5, VariableValue.As<int>(5L));
        Assert.Equal(new DateOnly(2024, 5, 1), VariableValue.As<DateOnly>("2024-05-01"));
        Assert.Null(VariableValue.As<string>(null));
    }

    private sealed record Sample(string Name);
}
