using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Wast;

/// <summary>
/// The <c>spectest</c> host module every spec script may import from: print functions that do
/// nothing, four globals holding 666, a 10..20 funcref table and a 1..2 page memory.
/// </summary>
internal static class SpectestModule
{
    public static void Define(Linker linker, List<IDisposable> owned)
    {
        static void Print(HostCall call, ReadOnlySpan<WasmValue> args, Span<WasmValue> results) { }

        DefinePrint(linker, "print", []);
        DefinePrint(linker, "print_i32", [ValType.I32]);
        DefinePrint(linker, "print_i64", [ValType.I64]);
        DefinePrint(linker, "print_f32", [ValType.F32]);
        DefinePrint(linker, "print_f64", [ValType.F64]);
        DefinePrint(linker, "print_i32_f32", [ValType.I32, ValType.F32]);
        DefinePrint(linker, "print_f64_f64", [ValType.F64, ValType.F64]);
        linker.DefineGlobal("spectest", "global_i32", new WasmGlobal(ValType.I32, false, WasmValue.I32(666)));
        linker.DefineGlobal("spectest", "global_i64", new WasmGlobal(ValType.I64, false, WasmValue.I64(666)));
        linker.DefineGlobal("spectest", "global_f32", new WasmGlobal(ValType.F32, false, WasmValue.F32(666.6f)));
        linker.DefineGlobal("spectest", "global_f64", new WasmGlobal(ValType.F64, false, WasmValue.F64(666.6)));
        var table = new WasmTable(10, 20);
        var memory = new WasmMemory(1, 2);
        owned.Add(table);
        owned.Add(memory);
        linker.DefineTable("spectest", "table", table);
        linker.DefineMemory("spectest", "memory", memory);

        void DefinePrint(Linker l, string name, ValType[] parameters) =>
            l.DefineFunction("spectest", name, new FuncType(parameters, []), Print);
    }
}
