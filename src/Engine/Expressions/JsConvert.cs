using Jint;
using JsEngine = Jint.Engine;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using PropertyFlow.Engine.Variables;

namespace PropertyFlow.Engine.Expressions;

/// <summary>
/// Moves values between the variable normal form and pure JavaScript values (never CLR wrappers).
/// </summary>
/// <remarks>
/// Reading a JavaScript value back never runs script: only plain objects, arrays and dates are read, through their own data
/// properties; getters, proxies, Maps and other exotic objects are refused instead of being invoked. Reading follows
/// <c>JSON.stringify</c> otherwise: <c>undefined</c>, functions and symbols are left out of objects and become null in arrays,
/// a date becomes its ISO-8601 text.
/// </remarks>
internal static class JsConvert
{
    public static JsValue ToJs(JsEngine engine, object? value) => ToJs(engine, value, 0);

    /// <summary>Reads a JavaScript value into normal form, charging <paramref name="budget"/> for its size.</summary>
    /// <exception cref="NotPlainDataException">The value holds something that is not plain data.</exception>
    /// <exception cref="SandboxLimitException">The value is larger than the budget.</exception>
    /// <param name="value">The value to read.</param>
    /// <param name="budget">Charged with the size of what is read.</param>
    /// <param name="finiteOnly">Refuse NaN and ±Infinity (for values to be stored); otherwise they come back as <see cref="double"/>.</param>
    public static object? FromJs(JsValue value, ConversionBudget budget, bool finiteOnly) => new Reader(budget, finiteOnly).Read(value, 0);

    private static JsValue ToJs(JsEngine engine, object? value, int depth)
    {
        if (depth > VariableValue.MaxDepth)
        {
            throw new ArgumentException($"A variable value nests deeper than {VariableValue.MaxDepth} levels (or refers to itself).", nameof(value));
        }

        switch (value)
        {
            case null:
                return JsValue.Null;
            case bool b:
                return b ? JsBoolean.True : JsBoolean.False;
            case long l:
                return l;
            case double d:
                return d;
            case string s:
                return s;
            case List<object?> list:
                var items = new JsValue[list.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = ToJs(engine, list[i], depth + 1);
                }

                return new JsArray(engine, items);
            case Dictionary<string, object?> dictionary:
                var obj = new JsObject(engine);
                foreach (var (key, item) in dictionary)
                {
                    // CreateDataProperty, not Set: a key such as "__proto__" must stay an ordinary property.
                    obj.CreateDataProperty(key, ToJs(engine, item, depth + 1));
                }

                return obj;
            default:
                return ToJs(engine, VariableValue.Normalize(value), depth);
        }
    }

    private readonly struct Reader(ConversionBudget budget, bool finiteOnly)
    {
        public object? Read(JsValue value, int depth)
        {
            switch (value.Type)
            {
                case Types.Undefined or Types.Null or Types.Empty:
                    return null;
                case Types.Boolean:
                    return value.AsBoolean();
                case Types.Number:
                    var number = value.AsNumber();
                    return VariableValue.TryGetInt64(number, out var integral) ? (object)integral
                        : finiteOnly && !double.IsFinite(number) ? throw new NotPlainDataException($"{TypeConverter.ToString(value)} cannot be stored (only finite numbers can)")
                        : number;
                case Types.String:
                    var text = value.ToString();
                    budget.Charge(24 + (2L * text.Length));
                    return text;
                case Types.BigInt:
                    return TypeConverter.ToString(value) is var digits && long.TryParse(digits, out var big)
                        ? big
                        : throw new NotPlainDataException($"the BigInt {digits}n does not fit in a 64-bit whole number");
                case Types.Symbol:
                    throw new NotPlainDataException("it is a Symbol");
            }

            var obj = value.AsObject();
            if (obj.IsCallable())
            {
                throw new NotPlainDataException("it is a function");
            }

            if (depth >= VariableValue.MaxDepth)
            {
                throw new NotPlainDataException($"it nests deeper than {VariableValue.MaxDepth} levels (or refers to itself)");
            }

            budget.Charge(32);
            return obj switch
            {
                JsDate date => FromDate(date),
                _ when obj.GetType() == typeof(JsArray) => FromArray((JsArray)obj, depth),
                _ when obj.GetType() == typeof(JsObject) => FromObject(obj, depth),
                _ => throw new NotPlainDataException($"it contains {KindOf(obj)}, which is not plain data (use plain objects and arrays)"),
            };
        }

        private List<object?> FromArray(JsArray array, int depth)
        {
            var length = array.Length;
            budget.Charge(16L * length);
            var list = new List<object?>((int)Math.Min(length, 1024));
            for (uint i = 0; i < length; i++)
            {
                var descriptor = array.GetOwnProperty(i);
                list.Add(IsOmitted(descriptor, i.ToString(System.Globalization.CultureInfo.InvariantCulture)) ? null : Read(descriptor.Value, depth + 1));
            }

            return list;
        }

        private Dictionary<string, object?> FromObject(ObjectInstance obj, int depth)
        {
            var dictionary = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var key in obj.GetOwnPropertyKeys(Types.String))
            {
                var descriptor = obj.GetOwnProperty(key);
                var name = key.ToString();
                if (descriptor == Jint.Runtime.Descriptors.PropertyDescriptor.Undefined || !descriptor.Enumerable || IsOmitted(descriptor, name))
                {
                    continue;
                }

                budget.Charge(40 + (2L * name.Length));
                dictionary[name] = Read(descriptor.Value, depth + 1);
            }

            return dictionary;
        }

        /// <summary>True for holes and for values JSON leaves out (undefined, functions, symbols).</summary>
        private static bool IsOmitted(Jint.Runtime.Descriptors.PropertyDescriptor descriptor, string name)
        {
            if (descriptor == Jint.Runtime.Descriptors.PropertyDescriptor.Undefined)
            {
                return true;
            }

            if (descriptor.IsAccessorDescriptor())
            {
                throw new NotPlainDataException($"its property '{name}' is a getter or setter, which is not plain data");
            }

            var value = descriptor.Value;
            return value.IsUndefined() || value.IsSymbol() || (value.IsObject() && value.AsObject().IsCallable());
        }
    }

    private static string? FromDate(JsDate date)
    {
        var milliseconds = date.DateValue;
        if (double.IsNaN(milliseconds))
        {
            return null;
        }

        try
        {
            return VariableValue.FormatInstant(DateTimeOffset.FromUnixTimeMilliseconds((long)milliseconds));
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new NotPlainDataException("it contains a date outside the years 1 to 9999");
        }
    }

    private static string KindOf(ObjectInstance obj) => obj switch
    {
        JsMap => "a Map",
        JsSet => "a Set",
        JsError => "an Error object",
        JsRegExp => "a RegExp",
        JsArguments => "an arguments object",
        JsTypedArray or JsArrayBuffer => "binary data",
        _ when obj.GetType().Name == "JsProxy" => "a Proxy",
        _ => $"an object of kind {obj.GetType().Name.Replace("Instance", "", StringComparison.Ordinal).Replace("Js", "", StringComparison.Ordinal)}",
    };
}

/// <summary>Accounts the size of values read out of the sandbox against <see cref="ExpressionOptions.MemoryLimit"/>.</summary>
internal sealed class ConversionBudget
{
    private readonly long _limit;
    private long _remaining;

    public ConversionBudget(long limit)
    {
        _limit = limit;
        _remaining = limit;
    }

    public void Charge(long size)
    {
        _remaining -= size;
        if (_remaining < 0)
        {
            throw new SandboxLimitException($"the values it returns or sets are larger than the memory limit of {Limits.FormatBytes(_limit)}");
        }
    }
}

/// <summary>A value cannot leave the sandbox because it is not plain data; the message completes "the value is not plain data: ...".</summary>
internal sealed class NotPlainDataException(string reason) : Exception(reason);

/// <summary>
/// A sandbox limit the host enforces itself (result size, one huge string). Thrown from host code inside an evaluation, it is not a
/// JavaScript error, so script cannot catch it.
/// </summary>
internal sealed class SandboxLimitException(string cause) : Exception(cause);
