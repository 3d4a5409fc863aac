using System.Globalization;
using Jint;
using JsEngine = Jint.Engine;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace PropertyFlow.Engine.Expressions;

/// <summary>
/// One hardened Jint engine, used by one thread at a time and reused across evaluations (see <see cref="SandboxPool"/>).
/// </summary>
/// <remarks>
/// Reuse is safe because everything a script could change for the next one is either frozen or put back: the built-ins (every
/// object reachable from the global object, prototypes included) are frozen once when the engine is built, and the global bindings
/// (variables, <c>var</c>s, <c>let</c>s, overwritten globals) are restored from a snapshot after every run. Interop is off, so no
/// CLR type is reachable; binary buffers and typed arrays, <c>ShadowRealm</c>, <c>WeakRef</c> and <c>FinalizationRegistry</c>
/// are removed (undefined); <c>String.prototype.repeat</c> refuses results beyond the memory limit before allocating them.
/// </remarks>
internal sealed class Sandbox : IDisposable
{
    private static readonly string[] RemovedGlobals =
    [
        "ArrayBuffer", "SharedArrayBuffer", "DataView", "Atomics", "TypedArray", "Int8Array", "Uint8Array", "Uint8ClampedArray",
        "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float16Array", "Float32Array", "Float64Array", "BigInt64Array",
        "BigUint64Array", "ShadowRealm", "WeakRef", "FinalizationRegistry",
    ];

    private static readonly string[] ErrorNames =
        ["Error", "TypeError", "RangeError", "ReferenceError", "SyntaxError", "EvalError", "URIError", "AggregateError"];

    /// <summary>Instances whose prototypes are built-ins without a global name (generator, async and iterator prototypes).</summary>
    private const string HiddenIntrinsicSamples = """
        [function* () {}, async function () {}, async function* () {}, (function* () {})(), (async function* () {})(),
         [][Symbol.iterator](), new Map()[Symbol.iterator](), new Set()[Symbol.iterator](), ''[Symbol.iterator](),
         /x/[Symbol.matchAll]('x'), Promise.resolve()]
        """;

    private readonly JsEngine _engine;
    private readonly ExpressionOptions _options;
    private readonly GlobalSnapshot _clean;
    private readonly Dictionary<ObjectInstance, string> _errorNames = new(ReferenceEqualityComparer.Instance);
    private RunState? _run;

    public Sandbox(ExpressionOptions options, TimeProvider time)
    {
        _options = options;
        _engine = new JsEngine(o => Configure(o, options, time));

        // Hardening is host code, not script: it must not count against the limits, which may be set very low.
        Harden();
        GlobalNames = [.. _engine.Global.GetOwnPropertyKeys(Types.String).Select(k => k.ToString())];
        foreach (var name in ErrorNames)
        {
            _errorNames[_engine.Global.Get(name).AsObject().Get("prototype").AsObject()] = name;
        }

        _clean = _engine.Advanced.CaptureGlobalSnapshot();
    }

    public void Dispose() => _engine.Dispose();

    /// <summary>Resetting the engine after a run failed: it must not be reused.</summary>
    public bool IsBroken { get; private set; }

    /// <summary>The names of the built-in globals; a variable of the same name is reachable only through <c>getVariable</c>.</summary>
    public HashSet<string> GlobalNames { get; }

    public (object? Value, Dictionary<string, object?>? Set) Run(PreparedCode code, IReadOnlyDictionary<string, object?> variables)
    {
        var run = new RunState(
            variables,
            code.IsScript ? new Dictionary<string, object?>(StringComparer.Ordinal) : null,
            new ConversionBudget(_options.MemoryLimit));
        _run = run;
        try
        {
            Install(code, variables);
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var result = _engine.Evaluate(code.Script);

            // Jint checks memory between statements; one statement can still allocate a lot, and the last one is never checked.
            if (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore > _options.MemoryLimit)
            {
                throw new SandboxLimitException($"it used more memory than the limit of {Limits.FormatBytes(_options.MemoryLimit)}");
            }

            return (JsConvert.FromJs(result, run.Budget, finiteOnly: false), run.Set);
        }
        finally
        {
            _run = null;
            try
            {
                _engine.Advanced.RestoreGlobalSnapshot(_clean);
            }
            catch (Exception)
            {
                // The run's own outcome (a limit, say) stands; this engine is just not reused.
                IsBroken = true;
            }
        }
    }

    /// <summary>Explains a failure in plain words; <see cref="Failure.Poisoned"/> when the engine should not be reused.</summary>
    public Failure Explain(Exception exception) => exception switch
    {
        SandboxLimitException limit => new Failure(limit.Message, RanAway: true),
        StatementsCountOverflowException => new Failure($"it ran too long (more than {_options.MaxStatements.ToString("N0", CultureInfo.InvariantCulture)} statements)", RanAway: true),
        MemoryLimitExceededException => new Failure($"it used more memory than the limit of {Limits.FormatBytes(_options.MemoryLimit)}", RanAway: true),
        RecursionDepthOverflowException => new Failure($"its function calls nest deeper than the recursion limit of {_options.RecursionLimit}", RanAway: true),
        System.Text.RegularExpressions.RegexMatchTimeoutException => new Failure($"a regular expression ran longer than the time limit of {Limits.FormatTime(_options.TimeLimit)}", RanAway: true),
        TimeoutException => new Failure($"it ran longer than the time limit of {Limits.FormatTime(_options.TimeLimit)}", RanAway: true),
        InsufficientExecutionStackException => new Failure("it nests too deeply", RanAway: true),
        NotPlainDataException notPlain => new Failure($"its value is not plain data: {notPlain.Message}", RanAway: false, Poisoned: false),
        JavaScriptException js => ExplainScriptError(js),
        _ => new Failure($"it failed: {exception.Message}", RanAway: false),
    };

    private Failure ExplainScriptError(JavaScriptException exception)
    {
        var message = exception.Message;
        var name = exception.Error is ObjectInstance error && error.Prototype is { } prototype && _errorNames.TryGetValue(prototype, out var known)
            ? known
            : null;
        return name switch
        {
            "RangeError" when message.Contains("call stack", StringComparison.OrdinalIgnoreCase) =>
                new Failure("its function calls nest too deeply", RanAway: true),
            "ReferenceError" when message.EndsWith(" is not defined", StringComparison.Ordinal) =>
                new Failure($"'{message[..^" is not defined".Length]}' is not defined (there is no variable or function of that name)", RanAway: false, Poisoned: false),
            null => new Failure($"it threw {Shorten(message)}", RanAway: false, Poisoned: false),
            _ => new Failure($"{name}: {Shorten(message)}", RanAway: false, Poisoned: false),
        };
    }

    private static string Shorten(string text) => ExpressionException.Shorten(text);

    private static void Configure(Options options, ExpressionOptions limits, TimeProvider time)
    {
        options.Strict();
        options.Interop.Enabled = false;
        options.LimitRecursion(limits.RecursionLimit);
        options.MaxStatements(limits.MaxStatements);
        options.TimeoutInterval(limits.TimeLimit);
        options.LimitMemory(limits.MemoryLimit);
        options.Constraints.StackOverflowGuard = true;
        options.Constraints.RegexTimeout = limits.TimeLimit;
        options.Culture = CultureInfo.InvariantCulture;
        options.TimeZone = time.LocalTimeZone;
        options.TimeSystem = new ClockTimeSystem(time);
    }

    private void Harden()
    {
        var global = _engine.Global;
        foreach (var name in RemovedGlobals)
        {
            // Shadowed with undefined rather than deleted: deleting globals makes every snapshot restore about three times dearer.
            global.DefineOwnProperty(name, Hidden(JsValue.Undefined));
        }

        var stringPrototype = global.Get("String").Get("prototype").AsObject();
        var repeat = stringPrototype.Get("repeat");
        stringPrototype.DefineOwnProperty("repeat", Hidden(new ClrFunction(_engine, "repeat", (self, arguments) => Repeat(repeat, self, arguments), 1, PropertyFlag.Configurable)));

        var getVariable = new ClrFunction(_engine, "getVariable", GetVariable, 1, PropertyFlag.Configurable);
        var setVariable = new ClrFunction(_engine, "setVariable", SetVariable, 2, PropertyFlag.Configurable);
        var execution = new JsObject(_engine);
        execution.CreateDataProperty("getVariable", getVariable);
        execution.CreateDataProperty("setVariable", setVariable);
        global.DefineOwnProperty("getVariable", Hidden(getVariable));
        global.DefineOwnProperty("setVariable", Hidden(setVariable));
        global.DefineOwnProperty("execution", Hidden(execution));

        FreezeReachable(global);
    }

    /// <summary>Freezes every object reachable from the global object (but not the global object itself), prototypes included.</summary>
    private void FreezeReachable(ObjectInstance global)
    {
        var freeze = global.Get("Object").Get("freeze");
        var seen = new HashSet<ObjectInstance>(ReferenceEqualityComparer.Instance) { global };
        var pending = new Stack<JsValue>();
        PushProperties(global, pending);
        foreach (var sample in _engine.Evaluate(HiddenIntrinsicSamples).AsArray())
        {
            pending.Push(sample.AsObject().Prototype ?? JsValue.Undefined);
        }

        while (pending.TryPop(out var value))
        {
            if (!value.IsObject() || !seen.Add(value.AsObject()))
            {
                continue;
            }

            var obj = value.AsObject();
            _engine.Call(freeze, JsValue.Undefined, [obj]);
            PushProperties(obj, pending);
            pending.Push(obj.Prototype ?? JsValue.Undefined);
        }
    }

    private static void PushProperties(ObjectInstance obj, Stack<JsValue> pending)
    {
        foreach (var key in obj.GetOwnPropertyKeys(Types.String | Types.Symbol))
        {
            var descriptor = obj.GetOwnProperty(key);
            if (descriptor.IsAccessorDescriptor())
            {
                pending.Push(descriptor.Get ?? JsValue.Undefined);
                pending.Push(descriptor.Set ?? JsValue.Undefined);
            }
            else
            {
                pending.Push(descriptor.Value ?? JsValue.Undefined);
            }
        }
    }

    private static PropertyDescriptor Hidden(JsValue value) => new(value, writable: true, enumerable: false, configurable: true);

    /// <summary><c>String.prototype.repeat</c> that refuses a result beyond the memory limit before allocating it.</summary>
    private JsValue Repeat(JsValue original, JsValue self, JsValue[] arguments)
    {
        if (self.IsNull() || self.IsUndefined())
        {
            throw new JavaScriptException(_engine.Intrinsics.TypeError, "String.prototype.repeat called on null or undefined");
        }

        var text = TypeConverter.ToString(self);
        var count = TypeConverter.ToIntegerOrInfinity(arguments.Length > 0 ? arguments[0] : JsValue.Undefined);
        if (count > 0 && !double.IsPositiveInfinity(count) && 2 * text.Length * count > _options.MemoryLimit)
        {
            throw new SandboxLimitException(
                $"it used more memory than the limit of {Limits.FormatBytes(_options.MemoryLimit)} (a string of {(text.Length * count).ToString("N0", CultureInfo.InvariantCulture)} characters)");
        }

        return _engine.Call(original, text, [count]);
    }

    private void Install(PreparedCode code, IReadOnlyDictionary<string, object?> variables)
    {
        if (code.SeesAllVariables)
        {
            foreach (var (name, value) in variables)
            {
                if (!GlobalNames.Contains(name))
                {
                    // Lazily: code that looks variables up dynamically usually reads few of them.
                    _engine.Advanced.AddLazyGlobal(name, value, static (engine, v) => JsConvert.ToJs(engine, v), PropertyFlag.ConfigurableEnumerableWritable);
                }
            }

            return;
        }

        foreach (var name in code.ReferencedNames)
        {
            if (variables.TryGetValue(name, out var value) && !GlobalNames.Contains(name))
            {
                _engine.SetValue(name, JsConvert.ToJs(_engine, value));
            }
        }
    }

    private JsValue GetVariable(JsValue thisObject, JsValue[] arguments)
    {
        var run = _run ?? throw new InvalidOperationException("getVariable outside a run.");
        var name = NameArgument("getVariable", arguments);
        return run.Set is not null && run.Set.TryGetValue(name, out var set) ? JsConvert.ToJs(_engine, set)
            : run.Variables.TryGetValue(name, out var value) ? JsConvert.ToJs(_engine, value)
            : JsValue.Null;
    }

    private JsValue SetVariable(JsValue thisObject, JsValue[] arguments)
    {
        var run = _run ?? throw new InvalidOperationException("setVariable outside a run.");
        var name = NameArgument("setVariable", arguments);
        if (run.Set is null)
        {
            throw new JavaScriptException(_engine.Intrinsics.TypeError, "setVariable can only be used in scripts, not in expressions");
        }

        try
        {
            run.Set[name] = JsConvert.FromJs(arguments.Length > 1 ? arguments[1] : JsValue.Undefined, run.Budget, finiteOnly: true);
        }
        catch (NotPlainDataException e)
        {
            throw new JavaScriptException(_engine.Intrinsics.TypeError, $"setVariable('{name}', …): the value is not plain data: {e.Message}");
        }

        return JsValue.Undefined;
    }

    private string NameArgument(string function, JsValue[] arguments) =>
        arguments.Length > 0 && arguments[0].IsString() && arguments[0].ToString() is { Length: > 0 } name
            ? name
            : throw new JavaScriptException(_engine.Intrinsics.TypeError, $"{function}: the first argument must be a variable name (a non-empty string)");

    private sealed record RunState(IReadOnlyDictionary<string, object?> Variables, Dictionary<string, object?>? Set, ConversionBudget Budget);

    /// <summary>Jint reads "now" from the engine's <see cref="TimeProvider"/>, so simulations and tests control <c>new Date()</c>.</summary>
    private sealed class ClockTimeSystem(TimeProvider time) : DefaultTimeSystem(time.LocalTimeZone, CultureInfo.InvariantCulture)
    {
        public override DateTimeOffset GetUtcNow() => time.GetUtcNow();
    }
}

/// <summary>Why an evaluation failed, in plain words.</summary>
/// <param name="Cause">The words after "could not be evaluated:".</param>
/// <param name="RanAway">A sandbox limit stopped it.</param>
/// <param name="Poisoned">The engine may be left in an unknown state: build a new one rather than reuse it.</param>
internal sealed record Failure(string Cause, bool RanAway, bool Poisoned = true);

internal static class Limits
{
    public static string FormatBytes(long bytes)
    {
        const long MiB = 1024 * 1024;
        return bytes % MiB == 0 ? Invariant($"{bytes / MiB} MiB")
            : bytes % 1024 == 0 ? Invariant($"{bytes / 1024} KiB")
            : Invariant($"{bytes:N0} bytes");
    }

    public static string FormatTime(TimeSpan time) =>
        time.Ticks % TimeSpan.TicksPerSecond == 0 ? Invariant($"{time.TotalSeconds:0} s") : Invariant($"{time.TotalMilliseconds:0.###} ms");

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
