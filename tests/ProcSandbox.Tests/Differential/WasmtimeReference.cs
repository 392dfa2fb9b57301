namespace TenantDb.ProcSandbox.Tests.Differential;

/// <summary>Runs a WAT module's <c>run</c> export in Wasmtime, the reference runtime.</summary>
internal static class WasmtimeReference
{
    private static readonly Wasmtime.Engine s_engine = new(new Wasmtime.Config().WithFuelConsumption(true));

    public static Outcome Run(string wat, string resultType, int a, long b, double c)
    {
        using var module = Wasmtime.Module.FromText(s_engine, "generated", wat);
        using var store = new Wasmtime.Store(s_engine);
        store.Fuel = 10_000_000;
        var instance = new Wasmtime.Instance(store, module);
        var run = instance.GetFunction("run") ?? throw new InvalidOperationException("no run export");
        try
        {
            object? result = run.Invoke(a, b, c);
            return resultType switch
            {
                "i32" => new Outcome(OutcomeTrap.None, "i32", (uint)(int)result!),
                "i64" => new Outcome(OutcomeTrap.None, "i64", (ulong)(long)result!),
                "f32" => new Outcome(OutcomeTrap.None, "f32", BitConverter.SingleToUInt32Bits((float)result!)),
                _ => new Outcome(OutcomeTrap.None, "f64", BitConverter.DoubleToUInt64Bits((double)result!)),
            };
        }
        catch (Wasmtime.TrapException trap)
        {
            return Outcome.Trapped(Normalize(trap.Type));
        }
    }

    private static OutcomeTrap Normalize(Wasmtime.TrapCode code) => code switch
    {
        Wasmtime.TrapCode.Unreachable => OutcomeTrap.Unreachable,
        Wasmtime.TrapCode.MemoryOutOfBounds => OutcomeTrap.MemoryOutOfBounds,
        Wasmtime.TrapCode.IntegerDivisionByZero => OutcomeTrap.IntegerDivideByZero,
        Wasmtime.TrapCode.IntegerOverflow => OutcomeTrap.IntegerOverflow,
        Wasmtime.TrapCode.BadConversionToInteger => OutcomeTrap.InvalidConversion,
        Wasmtime.TrapCode.IndirectCallToNull or Wasmtime.TrapCode.BadSignature or Wasmtime.TrapCode.TableOutOfBounds => OutcomeTrap.IndirectCall,
        Wasmtime.TrapCode.StackOverflow => OutcomeTrap.StackOverflow,
        Wasmtime.TrapCode.OutOfFuel => OutcomeTrap.OutOfFuel,
        _ => OutcomeTrap.Other,
    };
}
