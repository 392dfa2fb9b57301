using TenantDb.ProcSandbox.Tests.Frontend;

namespace TenantDb.ProcSandbox.Tests.ResourceLimits; // not ".Limits": that would hide the Limits type in other tests

/// <summary>
/// Binary modules built to stress the compiler's resource use: each is valid WebAssembly whose
/// size is set by a count, so tests can compare two sizes and look at how cost grows.
/// </summary>
internal static class BombModules
{
    private const byte TypeSection = 1, FunctionSection = 3, ExportSection = 7, CodeSection = 10;
    private const byte I32 = 0x7F;

    /// <summary>
    /// Function 1 pushes <paramref name="count"/> constants, then makes <paramref name="count"/>
    /// calls to function 0, each taking one of them: the operand stack is as deep as the count.
    /// </summary>
    public static byte[] ConstantsThenCalls(int count)
    {
        var code = new List<byte>(4 * count + 2);
        for (int i = 0; i < count; i++) code.AddRange([0x41, 0x01]); // i32.const 1
        for (int i = 0; i < count; i++) code.AddRange([0x10, 0x00]); // call 0
        code.Add(0x0B);
        return TwoFunctions(paramCount: 1, sinkBody: [0x0B], code);
    }

    /// <summary>
    /// <paramref name="count"/> lazy reads of locals 0..count-1 stay on the stack while each of
    /// those locals is then set: every set must materialise exactly one read, found without a scan.
    /// </summary>
    public static byte[] LazyReadsThenSets(int count)
    {
        var body = new List<byte>(6 * count + 8) { 0x01 };
        ModuleBuilder.AppendU32(body, (uint)count);
        body.Add(I32);
        for (int i = 0; i < count; i++) { body.Add(0x20); ModuleBuilder.AppendU32(body, (uint)i); } // local.get i
        for (int i = 0; i < count; i++) { body.AddRange([0x41, 0x07, 0x21]); ModuleBuilder.AppendU32(body, (uint)i); } // local.set i (i32.const 7)
        for (int i = 0; i < count; i++) body.Add(0x1A); // drop
        body.Add(0x0B);
        return OneFunction(body);
    }

    /// <summary>
    /// <paramref name="count"/>/2 constants, then as many values that each need a register
    /// (i32.eqz of a local): once registers run out every new one spills the oldest. The operand
    /// stack reaches <paramref name="count"/>.
    /// </summary>
    public static byte[] RegisterPressureOverConstants(int count)
    {
        int half = count / 2;
        var body = new List<byte>(6 * count + 8) { 0x01, 0x01, I32 };
        for (int i = 0; i < half; i++) body.AddRange([0x41, 0x01]);
        for (int i = 0; i < half; i++) body.AddRange([0x20, 0x00, 0x45]); // local.get 0; i32.eqz
        for (int i = 0; i < 2 * half; i++) body.Add(0x1A);
        body.Add(0x0B);
        return OneFunction(body);
    }

    /// <summary>One body of <paramref name="count"/> <c>i32.const 0; drop</c> pairs: long, but shallow.</summary>
    public static byte[] ConstantDrops(int count)
    {
        var body = new List<byte>(3 * count + 2) { 0x00 };
        for (int i = 0; i < count; i++) body.AddRange([0x41, 0x00, 0x1A]);
        body.Add(0x0B);
        return OneFunction(body);
    }

    /// <summary>One body of <paramref name="count"/> <c>call 0 (i32.const 1)</c>: calls and nothing else.</summary>
    public static byte[] Calls(int count)
    {
        var code = new List<byte>(4 * count + 1);
        for (int i = 0; i < count; i++) code.AddRange([0x41, 0x01, 0x10, 0x00]);
        code.Add(0x0B);
        return TwoFunctions(paramCount: 1, sinkBody: [0x0B], code);
    }

    /// <summary>A call of a function that takes <paramref name="parameters"/> i32 parameters.</summary>
    public static byte[] WideCall(int parameters)
    {
        var code = new List<byte>(2 * parameters + 4);
        for (int i = 0; i < parameters; i++) code.AddRange([0x41, 0x00]);
        code.AddRange([0x10, 0x00, 0x0B]);
        return TwoFunctions(parameters, sinkBody: [0x0B], code);
    }

    /// <summary>One function declaring <paramref name="locals"/> i32 locals in one run.</summary>
    public static byte[] ManyLocals(uint locals)
    {
        var body = new List<byte> { 0x01 };
        ModuleBuilder.AppendU32(body, locals);
        body.Add(I32);
        body.Add(0x0B);
        return OneFunction(body);
    }

    /// <summary>
    /// One function of <paramref name="depth"/> nested i32 additions written postfix: depth
    /// constants first, then depth-1 adds, so the operand stack reaches <paramref name="depth"/>.
    /// </summary>
    public static byte[] DeepStack(int depth)
    {
        var body = new List<byte>(3 * depth + 2) { 0x00 };
        for (int i = 0; i < depth; i++) body.AddRange([0x41, 0x02]);
        for (int i = 1; i < depth; i++) body.Add(0x6A); // i32.add
        body.Add(0x1A); // drop
        body.Add(0x0B);
        return OneFunction(body);
    }

    /// <summary><paramref name="functions"/> empty functions of type () -> ().</summary>
    public static byte[] ManyFunctions(int functions)
    {
        var types = new List<byte> { 0x01, 0x60, 0x00, 0x00 };
        var declarations = new List<byte>();
        ModuleBuilder.AppendU32(declarations, (uint)functions);
        for (int i = 0; i < functions; i++) declarations.Add(0x00);
        var code = new List<byte>();
        ModuleBuilder.AppendU32(code, (uint)functions);
        for (int i = 0; i < functions; i++) code.AddRange([0x02, 0x00, 0x0B]);
        return new ModuleBuilder().Section(TypeSection, types).Section(FunctionSection, declarations).Section(CodeSection, code).ToArray();
    }

    private static byte[] OneFunction(List<byte> bodyWithLocals)
    {
        var types = new List<byte> { 0x01, 0x60, 0x00, 0x00 };
        var declarations = new List<byte> { 0x01, 0x00 };
        var code = new List<byte> { 0x01 };
        ModuleBuilder.AppendU32(code, (uint)bodyWithLocals.Count);
        code.AddRange(bodyWithLocals);
        return new ModuleBuilder().Section(TypeSection, types).Section(FunctionSection, declarations).Section(CodeSection, code).ToArray();
    }

    /// <summary>Function 0 (the sink) takes <paramref name="paramCount"/> i32s; function 1 () -> () runs <paramref name="callerCode"/>.</summary>
    private static byte[] TwoFunctions(int paramCount, byte[] sinkBody, List<byte> callerCode)
    {
        var types = new List<byte> { 0x02, 0x60 };
        ModuleBuilder.AppendU32(types, (uint)paramCount);
        for (int i = 0; i < paramCount; i++) types.Add(I32);
        types.AddRange([0x00, 0x60, 0x00, 0x00]);
        var declarations = new List<byte> { 0x02, 0x00, 0x01 };
        var code = new List<byte> { 0x02 };
        ModuleBuilder.AppendU32(code, (uint)(sinkBody.Length + 1));
        code.Add(0x00);
        code.AddRange(sinkBody);
        ModuleBuilder.AppendU32(code, (uint)(callerCode.Count + 1));
        code.Add(0x00);
        code.AddRange(callerCode);
        var exports = new List<byte> { 0x01 };
        ModuleBuilder.AppendName(exports, "run");
        exports.AddRange([0x00, 0x01]);
        return new ModuleBuilder().Section(TypeSection, types).Section(FunctionSection, declarations)
            .Section(ExportSection, exports).Section(CodeSection, code).ToArray();
    }
}
