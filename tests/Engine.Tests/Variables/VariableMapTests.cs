using System.Text.Json;
using PropertyFlow.Engine.Variables;

namespace PropertyFlow.Engine.Tests.Variables;

public class VariableMapTests
{
    private enum Priority
    {
        Low,
        High,
    }

    [Fact]
    public void Indexer_Set_NormalizesValue()
    {
        var map = new VariableMap { ["count"] = 3, ["due"] = new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero) };

        Assert.Equal(3L, map["count"]);
        Assert.Equal("2024-05-01T00:00:00+00:00", map["due"]);
    }

    [Fact]
    public void Indexer_GetMissing_ThrowsNamingVariable()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => new VariableMap()["nope"]);

        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Indexer_EmptyName_Throws()
    {
        Assert.Throws<ArgumentException>(() => new VariableMap { [" "] = 1 });
    }

    [Fact]
    public void Keys_AreCaseSensitive()
    {
        var map = new VariableMap { ["Amount"] = 1, ["amount"] = 2 };

        Assert.Equal(2, map.Count);
        Assert.False(map.ContainsKey("AMOUNT"));
    }

    [Fact]
    public void ToJson_ReplacedValue_KeepsItsPlace()
    {
        var map = new VariableMap { ["a"] = 1, ["b"] = 2, ["c"] = 3 };
        map["a"] = 10;
        map.Remove("b");
        map["b"] = 20;

        Assert.Equal("""{"a":10,"c":3,"b":20}""", map.ToJson());
    }

    [Fact]
    public void FromJson_ToJson_RoundTripsChineseText()
    {
        var map = new VariableMap { ["业主"] = "李四", ["楼栋"] = 3, ["面积"] = 88.5, ["标签"] = new[] { "投诉", "紧急" } };

        var json = map.ToJson();
        var back = VariableMap.FromJson(json);

        Assert.Equal("""{"业主":"李四","楼栋":3,"面积":88.5,"标签":["投诉","紧急"]}""", json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal("李四", back.Get<string>("业主"));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("not json")]
    public void FromJson_NotAnObject_ThrowsJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => VariableMap.FromJson(json));
    }

    [Fact]
    public void Get_Numbers_ConvertBetweenTypes()
    {
        var map = new VariableMap { ["whole"] = 42, ["fraction"] = 2.5, ["text"] = "17", ["big"] = long.MaxValue };

        Assert.Equal(42, map.Get<int>("whole"));
        Assert.Equal(42.0, map.Get<double>("whole"));
        Assert.Equal(2.5m, map.Get<decimal>("fraction"));
        Assert.Equal(2.5f, map.Get<float>("fraction"));
        Assert.Equal(17, map.Get<int>("text"));
        Assert.Equal(long.MaxValue, map.Get<long>("big"));
    }

    [Fact]
    public void Get_Overflow_ThrowsInvalidCastNamingVariable()
    {
        var map = new VariableMap { ["big"] = long.MaxValue };

        var error = Assert.Throws<InvalidCastException>(() => map.Get<int>("big"));

        Assert.Contains("big", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_FractionAsWholeNumber_ThrowsInvalidCast()
    {
        Assert.Throws<InvalidCastException>(() => new VariableMap { ["x"] = 2.5 }.Get<long>("x"));
    }

    [Fact]
    public void Get_TextAndBooleans_Convert()
    {
        var map = new VariableMap { ["flag"] = true, ["flagText"] = "False", ["n"] = 5, ["list"] = new[] { 1, 2 } };

        Assert.True(map.Get<bool>("flag"));
        Assert.False(map.Get<bool>("flagText"));
        Assert.Equal("5", map.Get<string>("n"));
        Assert.Equal("true", map.Get<string>("flag"));
        Assert.Equal("[1,2]", map.Get<string>("list"));
        Assert.Throws<InvalidCastException>(() => map.Get<bool>("n"));
    }

    [Fact]
    public void Get_Dates_ParseIsoText()
    {
        var map = new VariableMap
        {
            ["instant"] = "2024-05-01T09:30:00+08:00",
            ["date"] = "2024-05-01",
            ["noOffset"] = "2024-05-01T09:30:00",
            ["duration"] = "PT90M",
        };

        Assert.Equal(new DateTimeOffset(2024, 5, 1, 9, 30, 0, TimeSpan.FromHours(8)), map.Get<DateTimeOffset>("instant"));
        Assert.Equal(TimeSpan.FromHours(8), map.Get<DateTimeOffset>("instant").Offset);
        Assert.Equal(new DateOnly(2024, 5, 1), map.Get<DateOnly>("date"));
        Assert.Equal(new DateOnly(2024, 5, 1), map.Get<DateOnly>("instant"));
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero), map.Get<DateTimeOffset>("date"));
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 9, 30, 0, TimeSpan.Zero), map.Get<DateTimeOffset>("noOffset"));
        Assert.Equal(TimeSpan.FromMinutes(90), map.Get<TimeSpan>("duration"));
        Assert.Throws<InvalidCastException>(() => new VariableMap { ["x"] = "soon" }.Get<DateTimeOffset>("x"));
    }

    [Fact]
    public void Get_Enum_ReadsNameIgnoringCase()
    {
        Assert.Equal(Priority.High, new VariableMap { ["p"] = "high" }.Get<Priority>("p"));
    }

    [Fact]
    public void Get_Missing_IsDefault()
    {
        var map = new VariableMap { ["nothing"] = null };

        Assert.Null(map.Get<string>("missing"));
        Assert.Null(map.Get<int?>("missing"));
        Assert.Null(map.Get<int?>("nothing"));
        Assert.Equal(0, map.Get<int>("missing"));
    }

    [Fact]
    public void Get_Collections_ConvertElementByElement()
    {
        var map = new VariableMap
        {
            ["numbers"] = new[] { 1, 2, 3 },
            ["names"] = new Dictionary<string, object?> { ["a"] = "x", ["b"] = 2 },
            ["withNull"] = new object?[] { 1, null },
        };

        Assert.Equal([1, 2, 3], map.Get<List<int>>("numbers")!);
        Assert.Equal([1L, 2L, 3L], map.Get<long[]>("numbers")!);
        Assert.Equal([1.0, 2.0, 3.0], map.Get<IReadOnlyList<double>>("numbers")!);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "x", ["b"] = "2" }, map.Get<Dictionary<string, string>>("names"));
        Assert.Equal([1, null], map.Get<List<int?>>("withNull")!);
        Assert.Throws<InvalidCastException>(() => map.Get<List<int>>("withNull"));
    }

    [Fact]
    public void Get_ListCopy_DoesNotChangeTheMap()
    {
        var map = new VariableMap { ["items"] = new[] { "a" } };

        map.Get<List<object?>>("items")!.Add("b");

        Assert.Equal("""{"items":["a"]}""", map.ToJson());
    }

    [Fact]
    public void Get_JsonElement_ReadsAnyValue()
    {
        var map = new VariableMap { ["o"] = new Dictionary<string, object?> { ["n"] = 1 } };

        Assert.Equal(1, map.Get<JsonElement>("o").GetProperty("n").GetInt32());
    }

    [Fact]
    public void Clone_IsIndependentAtTopLevel()
    {
        var map = new VariableMap { ["a"] = 1 };

        var clone = map.Clone();
        clone["a"] = 2;
        clone["b"] = 3;

        Assert.Equal(1L, map["a"]);
        Assert.False(map.ContainsKey("b"));
        Assert.Equal("""{"a":2,"b":3}""", clone.ToJson());
    }

    [Fact]
    public void Constructor_FromPairs_NormalizesAndKeepsOrder()
    {
        var map = new VariableMap(new Dictionary<string, object?> { ["z"] = 1, ["a"] = 2m });

        Assert.Equal(["z", "a"], map.Keys);
        Assert.Equal(2L, map["a"]);
    }
}
