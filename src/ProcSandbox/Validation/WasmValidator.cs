using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Concurrency;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Validation;

/// <summary>
/// Checks a decoded module against the WebAssembly 1.0 validation rules (plus sign-extension
/// operators and mutable-global import/export): types, limits, indices, constant expressions,
/// exports, the start function, segments and every function body's operand-stack typing.
/// A module the compiler receives must have passed here.
/// </summary>
public static class WasmValidator
{
    /// <summary>Validates <paramref name="module"/> and marks it <see cref="WasmModule.IsValidated"/> (validating again is harmless).</summary>
    /// <exception cref="WasmInvalidException">The module breaks a validation rule.</exception>
    /// <exception cref="WasmLimitException">The module exceeds one of <see cref="ImplementationLimits"/>.</exception>
    public static void Validate(WasmModule module)
    {
        var spaces = ValidateModule(module);
        ValidateBodies(module, spaces);
        module.MarkValidated(spaces);
    }

    /// <summary>
    /// Validates everything but the function bodies and returns the module's index spaces. The compiler validates
    /// the bodies itself, each just before compiling it, when given a module that was not validated
    /// (<see cref="ValidateBodies(FunctionBodyValidator, WasmModule, int, int)"/>, then <see cref="WasmModule.MarkValidated"/>).
    /// </summary>
    internal static IndexSpaces ValidateModule(WasmModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        // The decoder guarantees this; a module assembled in code might not.
        if (module.Functions.Count != module.Bodies.Count)
        {
            ValidationMessages.Throw("function and code section have inconsistent lengths", OffsetOf(module, SectionId.Code));
        }
        ValidateTypes(module);
        ValidateImports(module);
        ValidateFunctions(module);
        var spaces = new IndexSpaces(module);
        ValidateTablesAndMemories(module, spaces);
        ValidateGlobals(module, spaces);
        ValidateExports(module, spaces);
        ValidateStart(module, spaces);
        ValidateElements(module, spaces);
        ValidateData(module, spaces);
        return spaces;
    }

    /// <summary>Wasm body bytes per chunk of bodies validated as one unit of parallel work.</summary>
    internal const int ChunkWasmBytes = 24 * 1024;

    /// <summary>
    /// Validates the function bodies, in chunks of consecutive bodies on every processor when there are several
    /// chunks. Bodies are independent; within a chunk they are validated in order and the first failing chunk's
    /// error is the one reported, so the error is the first failing body's, as in a serial pass.
    /// A chunk may be validated twice (see <see cref="ParallelWork{TWorker}"/>); both runs write the same depths.
    /// </summary>
    private static void ValidateBodies(WasmModule module, IndexSpaces spaces)
    {
        var chunkStarts = BodyChunks.Partition(module.Bodies, ChunkWasmBytes);
        int chunks = chunkStarts.Length - 1;
        if (chunks <= 1 || Environment.ProcessorCount == 1)
        {
            ValidateBodies(new FunctionBodyValidator(module, spaces), module, 0, module.Bodies.Count);
            return;
        }
        var work = ParallelWork<FunctionBodyValidator>.Run(chunks, Environment.ProcessorCount, () => new FunctionBodyValidator(module, spaces),
            (validator, c) => ValidateBodies(validator, module, chunkStarts[c], chunkStarts[c + 1]), rerunStragglers: true);
        module.ValidationHelperAllocatedBytes = work.HelperAllocatedBytes;
        work.ThrowIfFailed();
    }

    /// <summary>Validates the bodies of defined functions [<paramref name="first"/>, <paramref name="end"/>) in order.</summary>
    internal static void ValidateBodies(FunctionBodyValidator validator, WasmModule module, int first, int end)
    {
        for (int i = first; i < end; i++) ValidateBody(validator, module, i);
    }

    /// <summary>Validates the body of defined function <paramref name="function"/>.</summary>
    internal static void ValidateBody(FunctionBodyValidator validator, WasmModule module, int function) =>
        validator.Validate(module.Bodies[function], module.Types[(int)module.Functions[function]]);

    private static long OffsetOf(WasmModule module, SectionId section) => module.SectionOffsets[(int)section];

    private static void ValidateTypes(WasmModule module)
    {
        long offset = OffsetOf(module, SectionId.Type);
        ImplementationLimits.Check(LimitNames.Types, ImplementationLimits.MaxTypes, module.Types.Count, offset);
        foreach (var type in module.Types)
        {
            // WebAssembly 1.0: at most one result (multi-value is a later proposal).
            if (type.Results.Length > 1) ValidationMessages.Throw(ValidationMessages.ResultArity, offset);
            // Decoded modules were checked already; modules assembled in code are checked here, before any compiler sees them.
            ImplementationLimits.Check(LimitNames.FunctionParameters, ImplementationLimits.MaxFunctionParameters, type.Parameters.Length, offset);
        }
    }

    private static void ValidateImports(WasmModule module)
    {
        long offset = OffsetOf(module, SectionId.Import);
        foreach (var import in module.Imports)
        {
            switch (import.Kind)
            {
                case ExternalKind.Function:
                    if (import.FunctionTypeIndex >= (uint)module.Types.Count) ValidationMessages.Throw(ValidationMessages.UnknownType, offset);
                    break;
                case ExternalKind.Table:
                    ValidateLimits(import.Table.Limits, uint.MaxValue, null, offset);
                    break;
                case ExternalKind.Memory:
                    ValidateLimits(import.Memory.Limits, ImplementationLimits.MaxMemoryPages, ValidationMessages.MemorySize, offset);
                    break;
            }
        }
    }

    private static void ValidateFunctions(WasmModule module)
    {
        foreach (uint typeIndex in module.Functions)
        {
            if (typeIndex >= (uint)module.Types.Count) ValidationMessages.Throw(ValidationMessages.UnknownType, OffsetOf(module, SectionId.Function));
        }
    }

    private static void ValidateTablesAndMemories(WasmModule module, IndexSpaces spaces)
    {
        foreach (var table in module.Tables) ValidateLimits(table.Limits, uint.MaxValue, null, OffsetOf(module, SectionId.Table));
        foreach (var memory in module.Memories)
        {
            ValidateLimits(memory.Limits, ImplementationLimits.MaxMemoryPages, ValidationMessages.MemorySize, OffsetOf(module, SectionId.Memory));
        }
        if (spaces.TableCount > 1) ValidationMessages.Throw(ValidationMessages.MultipleTables, OffsetOf(module, SectionId.Table));
        if (spaces.MemoryCount > 1) ValidationMessages.Throw(ValidationMessages.MultipleMemories, OffsetOf(module, SectionId.Memory));
    }

    private static void ValidateLimits(Limits limits, uint bound, string? boundMessage, long offset)
    {
        if (limits.Min > bound || limits.Max > bound) ValidationMessages.Throw(boundMessage!, offset);
        if (limits.Max is uint max && limits.Min > max) ValidationMessages.Throw(ValidationMessages.LimitsMinMax, offset);
    }

    private static void ValidateGlobals(WasmModule module, IndexSpaces spaces)
    {
        foreach (var global in module.Globals)
        {
            ValidateConstExpr(spaces, global.Init, global.Type.Type, OffsetOf(module, SectionId.Global));
        }
    }

    /// <summary>
    /// A constant expression is one constant, or <c>global.get</c> of an imported immutable global,
    /// of the expected type.
    /// </summary>
    private static void ValidateConstExpr(IndexSpaces spaces, ConstExpr expr, ValType expected, long sectionOffset)
    {
        ValType actual;
        switch (expr.Kind)
        {
            case ConstExprKind.NotConstant:
                ValidationMessages.Throw(ValidationMessages.ConstantRequired, (long)expr.Bits);
                return;
            case ConstExprKind.NotSingleValue:
                ValidationMessages.Throw(ValidationMessages.TypeMismatch, (long)expr.Bits);
                return;
            case ConstExprKind.GlobalGet:
                if (expr.Bits >= (ulong)spaces.ImportedGlobalCount) ValidationMessages.Throw(ValidationMessages.UnknownGlobal, sectionOffset);
                var type = spaces.Globals[(int)expr.Bits];
                if (type.Mutable) ValidationMessages.Throw(ValidationMessages.ConstantRequired, sectionOffset);
                actual = type.Type;
                break;
            default:
                actual = expr.ConstType!.Value;
                break;
        }
        if (actual != expected) ValidationMessages.Throw(ValidationMessages.TypeMismatch, sectionOffset);
    }

    private static void ValidateExports(WasmModule module, IndexSpaces spaces)
    {
        long offset = OffsetOf(module, SectionId.Export);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var export in module.Exports)
        {
            var (count, message) = export.Kind switch
            {
                ExternalKind.Function => (spaces.Functions.Length, ValidationMessages.UnknownFunction),
                ExternalKind.Table => (spaces.TableCount, ValidationMessages.UnknownTable),
                ExternalKind.Memory => (spaces.MemoryCount, ValidationMessages.UnknownMemory),
                _ => (spaces.Globals.Length, ValidationMessages.UnknownGlobal),
            };
            if (export.Index >= (uint)count) ValidationMessages.Throw(message, offset);
            if (!names.Add(export.Name)) ValidationMessages.Throw(ValidationMessages.DuplicateExport, offset);
        }
    }

    private static void ValidateStart(WasmModule module, IndexSpaces spaces)
    {
        if (module.Start is not uint start) return;
        long offset = OffsetOf(module, SectionId.Start);
        if (start >= (uint)spaces.Functions.Length) ValidationMessages.Throw(ValidationMessages.UnknownFunction, offset);
        var type = spaces.Functions[start];
        if (type.Parameters.Length != 0 || type.Results.Length != 0) ValidationMessages.Throw(ValidationMessages.StartFunction, offset);
    }

    private static void ValidateElements(WasmModule module, IndexSpaces spaces)
    {
        long offset = OffsetOf(module, SectionId.Element);
        foreach (var segment in module.Elements)
        {
            if (segment.TableIndex >= (uint)spaces.TableCount) ValidationMessages.Throw(ValidationMessages.UnknownTable, offset);
            ValidateConstExpr(spaces, segment.Offset, ValType.I32, offset);
            foreach (uint function in segment.FunctionIndices)
            {
                if (function >= (uint)spaces.Functions.Length) ValidationMessages.Throw(ValidationMessages.UnknownFunction, offset);
            }
        }
    }

    private static void ValidateData(WasmModule module, IndexSpaces spaces)
    {
        long offset = OffsetOf(module, SectionId.Data);
        foreach (var segment in module.Data)
        {
            if (segment.MemoryIndex >= (uint)spaces.MemoryCount) ValidationMessages.Throw(ValidationMessages.UnknownMemory, offset);
            ValidateConstExpr(spaces, segment.Offset, ValType.I32, offset);
        }
    }
}
