using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Differential;

/// <summary>Runs a WAT module's <c>run</c> export in TenantDb's compiler and runtime, normalised like <see cref="WasmtimeReference"/>.</summary>
internal static class TenantDbRunner
{
    public static Outcome Run(string wat, string resultType, int a, long b, double c)
    {
        using var compiled = Wasm.Compile(wat);
        using var instance = Instance.Instantiate(compiled, null, new InstanceLimits { Fuel = 10_000_000 });
        try
        {
            var result = instance.Invoke("run", WasmValue.I32(a), WasmValue.I64(b), WasmValue.F64(c))[0];
            return new Outcome(OutcomeTrap.None, resultType, result.Bits);
        }
        catch (WasmTrapException trap)
        {
            return Outcome.Trapped(trap.Kind switch
            {
                TrapKind.Unreachable => OutcomeTrap.Unreachable,
                TrapKind.MemoryOutOfBounds => OutcomeTrap.MemoryOutOfBounds,
                TrapKind.IntegerDivideByZero => OutcomeTrap.IntegerDivideByZero,
                TrapKind.IntegerOverflow => OutcomeTrap.IntegerOverflow,
                TrapKind.InvalidConversionToInteger => OutcomeTrap.InvalidConversion,
                TrapKind.UndefinedElement or TrapKind.UninitializedElement or TrapKind.IndirectCallTypeMismatch => OutcomeTrap.IndirectCall,
                TrapKind.StackExhausted => OutcomeTrap.StackOverflow,
                TrapKind.OutOfFuel => OutcomeTrap.OutOfFuel,
                _ => OutcomeTrap.Other,
            });
        }
    }
}
