using System.Text;
using Iced.Intel;
using TenantDb.ProcSandbox.Compiler;
using TenantDb.ProcSandbox.Compiler.Verification;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Tests.Frontend;

namespace TenantDb.ProcSandbox.Tests.Compiler;

/// <summary>
/// Golden disassembly: a few small functions are compiled and their machine code, disassembled with
/// Iced's formatter (offset, bytes, instruction), is compared with the listing kept in
/// tests/ProcSandbox.Tests/Compiler/Golden/NAME.asm. Any change to the emitted code shows here, and
/// in review as a diff of those files.
///
/// When a change to the code generator is intended, rewrite the listings on purpose with
///     TENANTDB_BLESS=1 dotnet test tests/ProcSandbox.Tests --filter "FullyQualifiedName~GoldenDisassembly"
/// then read the diff before committing it. Without TENANTDB_BLESS=1 the test only compares.
/// The functions avoid instructions whose encoding depends on the CPU (lzcnt/tzcnt, rounding).
/// </summary>
public class GoldenDisassemblyTests
{
    public static TheoryData<string> Cases => new(s_cases.Keys.Concat(s_kernels.Select(k => "kernel_" + k)).Order(StringComparer.Ordinal));

    /// <summary>The benchmark kernels (bench/TenantDb.Bench/Kernels), whose loops are what the code generator is tuned on.</summary>
    private static readonly string[] s_kernels = ["fib", "hash", "matmul", "sieve"];

    private static string Source(string name) => name.StartsWith("kernel_", StringComparison.Ordinal)
        ? File.ReadAllText(Path.Combine(RepoPaths.Root, "bench", "TenantDb.Bench", "Kernels", name["kernel_".Length..] + ".wat"))
        : s_cases[name];

    private static readonly Dictionary<string, string> s_cases = new()
    {
        ["add"] = """
            (module (func (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
            """,
        ["loop"] = """
            (module (func (param i32) (result i32) (local i32)
              (block
                (loop
                  (br_if 1 (i32.eqz (local.get 0)))
                  (local.set 1 (i32.add (local.get 1) (local.get 0)))
                  (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                  (br 0)))
              (local.get 1)))
            """,
        ["br_table"] = """
            (module (func (param i32) (result i32)
              (block (block (block
                (br_table 0 1 2 (local.get 0)))
                (return (i32.const 10)))
                (return (i32.const 20)))
              (i32.const 30)))
            """,
        ["call"] = """
            (module
              (func $square (param i64) (result i64) (i64.mul (local.get 0) (local.get 0)))
              (func (param i64 i64) (result i64)
                (i64.add (call $square (local.get 0)) (call $square (local.get 1)))))
            """,
        ["memory"] = """
            (module (memory 1)
              (func (param i32)
                (i32.store offset=8 (local.get 0) (i32.load offset=4 (local.get 0)))
                (i64.store8 (i32.const 16) (i64.const 255))))
            """,
        ["masked_memory"] = """
            (module (memory 1)
              (func (param i32) (result i32)
                (i32.add
                  (i32.load offset=8 (i32.shl (i32.and (local.get 0) (i32.const 255)) (i32.const 2)))
                  (i32.load (i32.and (local.get 0) (i32.const 0xffff)))))
              (func (param i32) (i64.store (i32.const 65528) (i64.const 1)) (i64.store (i32.const 65529) (i64.const 1))))
            """,
        ["conversions"] = """
            (module
              (func (param i32 i64) (result f64)
                (f64.add (f64.convert_i32_s (local.get 0)) (f64.convert_i64_s (local.get 1))))
              (func (param i32) (result i64)
                (i64.add (i64.extend_i32_u (local.get 0)) (i64.extend_i32_u (i32.eqz (local.get 0))))))
            """,
        ["calls_with_local_registers"] = """
            (module (memory 1)
              (func $f (param i32))
              (func (param i32) (result i32) (local i32)
                (call $f (local.get 0))
                (call $f (local.get 1))
                (local.set 1 (i32.add (local.get 1) (i32.const 1)))
                (call $f (local.get 1))
                (loop
                  (local.set 1 (i32.add (local.get 1) (i32.load (local.get 0))))
                  (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 4)))))
                (local.get 1)))
            """,
        ["memory_loop"] = """
            (module (memory 1)
              (func $touch (param i32))
              (func (param i32) (result i32) (local i32)
                (block
                  (loop
                    (br_if 1 (i32.eqz (local.get 0)))
                    (local.set 0 (i32.sub (local.get 0) (i32.const 4)))
                    (local.set 1 (i32.add (local.get 1) (i32.load offset=4 (local.get 0))))
                    (call $touch (local.get 1))
                    (i32.store8 (local.get 1) (i32.const 1))
                    (br 0)))
                (local.get 1)))
            """,
        ["float_load_operand"] = """
            (module (memory 1)
              (func (param i32 i32) (result f64)
                (f64.sub (f64.load (local.get 0)) (f64.load offset=8 (i32.add (local.get 1) (local.get 0)))))
              (func (param i32 f32) (result f32)
                (f32.div (local.get 1) (f32.load (local.get 0)))))
            """,
        ["hoisted_loads"] = """
            (module (memory 1)
              (func (param i32) (result i32)
                (i32.add (i32.add (i32.load offset=0 (local.get 0)) (i32.load16_u offset=4 (local.get 0)))
                  (i32.load offset=8 (local.get 0)))))
            """,
        ["float"] = """
            (module (func (param f64 f64) (result f64)
              (f64.add (f64.mul (local.get 0) (local.get 1)) (f64.const 1.5)))
              (func (param f32 f32) (result i32) (f32.lt (f32.min (local.get 0) (local.get 1)) (local.get 1))))
            """,
        ["divide"] = """
            (module (func (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))
            """,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compiled_code_matches_its_golden_listing(string name)
    {
        string actual = Disassemble(Wasm.Module(Source(name)));
        string path = Path.Combine(RepoPaths.Root, "tests", "ProcSandbox.Tests", "Compiler", "Golden", name + ".asm");
        if (Environment.GetEnvironmentVariable("TENANTDB_BLESS") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"no golden listing {path}; create it with TENANTDB_BLESS=1");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }

    [Fact]
    public void Disassembly_shows_a_changed_byte()
    {
        var code = ModuleCompiler.Compile(Wasm.Module(s_cases["add"]), new CompileOptions());
        string original = Disassemble(code);
        int at = code.FunctionOffsets[0] + 1; // inside the prologue's first instructions
        code.Code[at] ^= 0x01;
        Assert.NotEqual(original, Disassemble(code));
    }

    private static string Disassemble(WasmModule module) =>
        Disassemble(ModuleCompiler.Compile(module, new CompileOptions()));

    /// <summary>Every defined function, from its entry to the next function (trap stubs and jump tables included).</summary>
    private static string Disassemble(MachineCode code)
    {
        var text = new StringBuilder();
        var names = new Dictionary<ulong, string>();
        foreach (var entry in code.Layout.Entries)
        {
            names[(ulong)entry.Offset] = entry.Kind switch
            {
                CodeEntryKind.Function => "func" + Array.IndexOf(code.FunctionOffsets, entry.Offset),
                CodeEntryKind.HostAdapter => "import" + entry.Import,
                CodeEntryKind.TrapExit => "trap_exit",
                _ => "host_entry",
            };
        }
        for (int f = 0; f < code.FunctionOffsets.Length; f++)
        {
            int start = code.FunctionOffsets[f];
            int end = f + 1 < code.FunctionOffsets.Length ? code.FunctionOffsets[f + 1] : code.Code.Length;
            text.Append("func").Append(f).Append(":\n");
            DisassembleRange(code, start, end, names, text);
            text.Append('\n');
        }
        return text.ToString();
    }

    private static void DisassembleRange(MachineCode code, int start, int end, Dictionary<ulong, string> names, StringBuilder text)
    {
        var formatter = new IntelFormatter(new Symbols(names, start, end));
        formatter.Options.FirstOperandCharIndex = 8;
        var output = new StringOutput();
        int at = start;
        while (at < end)
        {
            var table = code.Layout.JumpTables.FirstOrDefault(t => t.Offset == at);
            if (table.Length > 0 && table.Offset == at)
            {
                for (int i = 0; i < table.EntryCount; i++)
                {
                    int delta = BitConverter.ToInt32(code.Code, at + 4 * i);
                    text.Append($"{at + 4 * i - start:X4}  {Hex(code.Code, at + 4 * i, 4),-30}dd      @{at + delta - start:X4}\n");
                }
                at += table.Length;
                continue;
            }
            var decoder = Iced.Intel.Decoder.Create(64, new ByteArrayCodeReader(code.Code, at, end - at), (ulong)at);
            decoder.Decode(out var instruction);
            formatter.Format(instruction, output);
            text.Append($"{at - start:X4}  {Hex(code.Code, at, instruction.Length),-30}{output.ToStringAndReset()}\n");
            at += instruction.Length;
        }
    }

    private static string Hex(byte[] code, int at, int length) => Convert.ToHexString(code, at, length);

    /// <summary>Names entry points, and writes addresses inside the function as @offset from its start, so listings do not depend on where the function lands.</summary>
    private sealed class Symbols(Dictionary<ulong, string> names, int start, int end) : ISymbolResolver
    {
        public bool TryGetSymbol(in Iced.Intel.Instruction instruction, int operand, int instructionOperand, ulong address, int addressSize, out SymbolResult symbol)
        {
            // Only branch targets and rip-relative addresses are code addresses; immediates stay numbers.
            var kind = instruction.GetOpKind(operand);
            bool isAddress = kind is OpKind.NearBranch64 or OpKind.NearBranch32 || (kind == OpKind.Memory && instruction.IsIPRelativeMemoryOperand);
            if (!isAddress)
            {
                symbol = default;
                return false;
            }
            if (names.TryGetValue(address, out string? name) && (int)address != start)
            {
                symbol = new SymbolResult(address, name);
                return true;
            }
            if (address >= (ulong)start && address <= (ulong)end)
            {
                symbol = new SymbolResult(address, $"@{(int)address - start:X4}");
                return true;
            }
            symbol = default;
            return false;
        }
    }
}
