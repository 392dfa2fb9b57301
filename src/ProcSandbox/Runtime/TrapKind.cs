namespace TenantDb.ProcSandbox.Runtime;

/// <summary>Why a call into WebAssembly code stopped abnormally.</summary>
public enum TrapKind
{
    /// <summary>The <c>unreachable</c> instruction ran.</summary>
    Unreachable,
    /// <summary>Integer division or remainder by zero.</summary>
    IntegerDivideByZero,
    /// <summary>Signed division overflow (INT_MIN / -1).</summary>
    IntegerOverflow,
    /// <summary>A float-to-integer truncation of NaN or an out-of-range value.</summary>
    InvalidConversionToInteger,
    /// <summary>A load or store outside the linear memory.</summary>
    MemoryOutOfBounds,
    /// <summary><c>call_indirect</c> with a table index beyond the table's size.</summary>
    UndefinedElement,
    /// <summary><c>call_indirect</c> through a null table entry.</summary>
    UninitializedElement,
    /// <summary><c>call_indirect</c> to a function whose signature differs from the expected one.</summary>
    IndirectCallTypeMismatch,
    /// <summary>The call nested deeper than <see cref="InstanceLimits.MaxStackBytes"/> allows.</summary>
    StackExhausted,
    /// <summary>The call used up its <see cref="InstanceLimits.Fuel"/>.</summary>
    OutOfFuel,
    /// <summary>The call passed its deadline or the host asked it to stop.</summary>
    DeadlineExceeded,
    /// <summary>A host function failed (threw) or trapped on purpose.</summary>
    HostError,
}

/// <summary>Spec-style trap messages, as the WebAssembly test suite words them.</summary>
public static class TrapMessages
{
    /// <summary>The message for <paramref name="kind"/>.</summary>
    public static string Of(TrapKind kind) => kind switch
    {
        TrapKind.Unreachable => "unreachable",
        TrapKind.IntegerDivideByZero => "integer divide by zero",
        TrapKind.IntegerOverflow => "integer overflow",
        TrapKind.InvalidConversionToInteger => "invalid conversion to integer",
        TrapKind.MemoryOutOfBounds => "out of bounds memory access",
        TrapKind.UndefinedElement => "undefined element",
        TrapKind.UninitializedElement => "uninitialized element",
        TrapKind.IndirectCallTypeMismatch => "indirect call type mismatch",
        TrapKind.StackExhausted => "call stack exhausted",
        TrapKind.OutOfFuel => "all fuel consumed",
        TrapKind.DeadlineExceeded => "deadline exceeded",
        _ => "host error",
    };
}
