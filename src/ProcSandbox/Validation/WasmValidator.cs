namespace TenantDb.ProcSandbox;

/// <summary>
/// Checks a decoded module against the WebAssembly 1.0 validation rules (plus sign-extension
/// operators and mutable-global import/export): types, limits, indices, constant expressions,
/// exports, the start function, segments and every function body's operand-stack typing.
/// A module the compiler receives must have passed here.
/// </summary>
public static class WasmValidator
{
    /// <summary>Validates <paramref name="module"/> and marks it <see cref="WasmModule.IsValidated"/>.</summary>
    /// <exception cref="WasmInvalidException">The module breaks a validation rule.</exception>
    public static void Validate(WasmModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        ValidateTypes(module);
        ValidateImports(module);
        ValidateFunctions(module);
        ValidateTablesAndMemories(module);
        ValidateGlobals(module);
        ValidateExports(module);
        ValidateStart(module);
        ValidateElements(module);
        ValidateData(module);

        var bodies = new FunctionBodyValidator(module);
        for (int i = 0; i < module.Bodies.Count; i++)
        {
            bodies.Validate(module.Bodies[i], module.Types[(int)module.Functions[i]]);
        }
        module.IsValidated = true;
    }

    private static long OffsetOf(WasmModule module, SectionId section) => module.SectionOffsets[(int)section];

    private static void ValidateTypes(WasmModule module)
    {
        foreach (var type in module.Types)
        {
            // WebAssembly 1.0: at most one result (multi-value is a later proposal).
            if (type.Results.Length > 1) ValidationMessages.Throw(ValidationMessages.ResultArity, OffsetOf(module, SectionId.Type));
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

    private static void ValidateTablesAndMemories(WasmModule module)
    {
        foreach (var table in module.Tables) ValidateLimits(table.Limits, uint.MaxValue, null, OffsetOf(module, SectionId.Table));
        foreach (var memory in module.Memories)
        {
            ValidateLimits(memory.Limits, ImplementationLimits.MaxMemoryPages, ValidationMessages.MemorySize, OffsetOf(module, SectionId.Memory));
        }
        if (module.TableCount > 1) ValidationMessages.Throw(ValidationMessages.MultipleTables, OffsetOf(module, SectionId.Table));
        if (module.MemoryCount > 1) ValidationMessages.Throw(ValidationMessages.MultipleMemories, OffsetOf(module, SectionId.Memory));
    }

    private static void ValidateLimits(Limits limits, uint bound, string? boundMessage, long offset)
    {
        if (limits.Min > bound || limits.Max > bound) ValidationMessages.Throw(boundMessage!, offset);
        if (limits.Max is uint max && limits.Min > max) ValidationMessages.Throw(ValidationMessages.LimitsMinMax, offset);
    }

    private static void ValidateGlobals(WasmModule module)
    {
        foreach (var global in module.Globals)
        {
            ValidateConstExpr(module, global.Init, global.Type.Type, OffsetOf(module, SectionId.Global));
        }
    }

    /// <summary>
    /// A constant expression is one constant, or <c>global.get</c> of an imported immutable global,
    /// of the expected type.
    /// </summary>
    private static void ValidateConstExpr(WasmModule module, ConstExpr expr, ValType expected, long sectionOffset)
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
                if (expr.Bits >= (ulong)module.ImportedGlobalCount) ValidationMessages.Throw(ValidationMessages.UnknownGlobal, sectionOffset);
                var type = module.GetGlobalType((uint)expr.Bits);
                if (type.Mutable) ValidationMessages.Throw(ValidationMessages.ConstantRequired, sectionOffset);
                actual = type.Type;
                break;
            default:
                actual = expr.ConstType!.Value;
                break;
        }
        if (actual != expected) ValidationMessages.Throw(ValidationMessages.TypeMismatch, sectionOffset);
    }

    private static void ValidateExports(WasmModule module)
    {
        long offset = OffsetOf(module, SectionId.Export);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var export in module.Exports)
        {
            var (count, message) = export.Kind switch
            {
                ExternalKind.Function => (module.FunctionCount, ValidationMessages.UnknownFunction),
                ExternalKind.Table => (module.TableCount, ValidationMessages.UnknownTable),
                ExternalKind.Memory => (module.MemoryCount, ValidationMessages.UnknownMemory),
                _ => (module.GlobalCount, ValidationMessages.UnknownGlobal),
            };
            if (export.Index >= (uint)count) ValidationMessages.Throw(message, offset);
            if (!names.Add(export.Name)) ValidationMessages.Throw(ValidationMessages.DuplicateExport, offset);
        }
    }

    private static void ValidateStart(WasmModule module)
    {
        if (module.Start is not uint start) return;
        long offset = OffsetOf(module, SectionId.Start);
        if (start >= (uint)module.FunctionCount) ValidationMessages.Throw(ValidationMessages.UnknownFunction, offset);
        var type = module.GetFunctionType(start);
        if (type.Parameters.Length != 0 || type.Results.Length != 0) ValidationMessages.Throw(ValidationMessages.StartFunction, offset);
    }

    private static void ValidateElements(WasmModule module)
    {
        long offset = OffsetOf(module, SectionId.Element);
        foreach (var segment in module.Elements)
        {
            if (segment.TableIndex >= (uint)module.TableCount) ValidationMessages.Throw(ValidationMessages.UnknownTable, offset);
            ValidateConstExpr(module, segment.Offset, ValType.I32, offset);
            foreach (uint function in segment.FunctionIndices)
            {
                if (function >= (uint)module.FunctionCount) ValidationMessages.Throw(ValidationMessages.UnknownFunction, offset);
            }
        }
    }

    private static void ValidateData(WasmModule module)
    {
        long offset = OffsetOf(module, SectionId.Data);
        foreach (var segment in module.Data)
        {
            if (segment.MemoryIndex >= (uint)module.MemoryCount) ValidationMessages.Throw(ValidationMessages.UnknownMemory, offset);
            ValidateConstExpr(module, segment.Offset, ValType.I32, offset);
        }
    }
}
