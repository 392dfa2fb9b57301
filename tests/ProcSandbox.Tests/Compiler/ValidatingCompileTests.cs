using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Compiler;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Tests.Differential;
using TenantDb.ProcSandbox.Text;
using TenantDb.ProcSandbox.Validation;

namespace TenantDb.ProcSandbox.Tests.Compiler;

/// <summary>
/// A module handed to the compiler without validation has each function body validated by the thread that
/// compiles it, just before: the code is the same, byte for byte, as validating first and compiling on one
/// thread; the error is the one validation alone reports (the first invalid body in index order), whatever the
/// threads and chunks; and the module counts as validated only once every body has passed.
/// </summary>
public sealed class ValidatingCompileTests
{
    private static CompileOptions Serial(int chunkBytes) => new() { Threads = 1, ChunkWasmBytes = chunkBytes, VerifyCode = false };

    private static WasmModule Decoded(string wat) => WasmDecoder.Decode(WatParser.ParseModuleBinary(wat));

    private static CompileOptions Options(int threads, int chunkBytes) => new() { Threads = threads, ChunkWasmBytes = chunkBytes };

    [Property(MaxTest = 60)]
    public void Validating_while_compiling_gives_the_code_of_validating_first(PositiveInt seed, PositiveInt functions, PositiveInt threads, NonNegativeInt chunkBytes)
    {
        string wat = new RandomModuleGenerator(seed.Get, functionCount: 1 + functions.Get % 12).Generate();
        var expected = ModuleCompiler.Compile(Wasm.Module(wat), Serial(chunkBytes.Get % 300));
        var module = Decoded(wat);
        Assert.False(module.IsValidated);
        var compiled = ModuleCompiler.Compile(module, Options(1 + threads.Get % 4, chunkBytes.Get % 300));
        Assert.True(module.IsValidated);
        ParallelCompileTests.AssertSameCode(expected, compiled);
    }

    /// <summary>Functions of which some are invalid (an i64 where an i32 result is due), at random places.</summary>
    private static string ModuleWithInvalidBodies(int functions, IReadOnlySet<int> invalid)
    {
        var text = new System.Text.StringBuilder("(module (memory 1)\n");
        for (int f = 0; f < functions; f++)
        {
            string result = invalid.Contains(f) ? "(i64.const 7)" : "(i32.add (local.get 0) (i32.const 1))";
            text.Append($"(func (param i32) (result i32) (drop (i32.load (local.get 0))) {result})\n");
        }
        return text.Append(')').ToString();
    }

    [Property(MaxTest = 80)]
    public void The_error_is_validations_own_on_any_threads_and_chunks(PositiveInt functions, int[] invalidAt, PositiveInt threads, NonNegativeInt chunkBytes)
    {
        int n = 1 + functions.Get % 40;
        var invalid = invalidAt.Select(i => Math.Abs(i % n)).ToHashSet();
        string wat = ModuleWithInvalidBodies(n, invalid);
        var options = Options(1 + threads.Get % 4, chunkBytes.Get % 200);
        var module = Decoded(wat);
        if (invalid.Count == 0)
        {
            using var compiled = CompiledModule.Compile(module, options);
            Assert.True(module.IsValidated);
            return;
        }
        var expected = Assert.Throws<WasmInvalidException>(() => WasmValidator.Validate(Decoded(wat)));
        var error = Assert.Throws<WasmInvalidException>(() => CompiledModule.Compile(module, options));
        Assert.Equal(expected.Message, error.Message);
        Assert.Equal(expected.Offset, error.Offset);
        Assert.False(module.IsValidated);
    }

    [Fact]
    public void A_module_level_error_comes_before_any_body()
    {
        var module = Decoded("(module (func (result i32) (i64.const 1)) (export \"a\" (func 0)) (export \"a\" (func 0)))");
        var error = Assert.Throws<WasmInvalidException>(() => CompiledModule.Compile(module));
        Assert.Contains("duplicate export", error.Message);
        Assert.False(module.IsValidated);
    }
}
