using System.Text;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Text;

/// <summary>Parses a WAST script (the spec test-suite format) into its commands.</summary>
internal static class WastParser
{
    public static List<WastCommand> Parse(string text)
    {
        var commands = new List<WastCommand>();
        var items = SExprReader.ReadAll(text);
        if (items.Count > 0 && IsModuleField(items[0]))
        {
            // A script may be just the fields of one module (e.g. inline-module.wast).
            var module = SExpr.List([SExpr.Atom(new WatToken(WatTokenKind.Atom, "module", null, items[0].Line, items[0].Column)), .. items], items[0].Line, items[0].Column);
            commands.Add(new WastCommand(WastCommandKind.Module, module.Line) { Module = ParseModule(module) });
            return commands;
        }
        foreach (var item in items)
        {
            commands.Add(ParseCommand(item));
        }
        return commands;
    }

    private static bool IsModuleField(SExpr item) =>
        item.Head is "type" or "import" or "func" or "table" or "memory" or "global" or "export" or "start" or "elem" or "data";

    private static WastCommand ParseCommand(SExpr item)
    {
        var items = item.Items;
        switch (item.Head)
        {
            case "module":
                return new WastCommand(WastCommandKind.Module, item.Line) { Module = ParseModule(item) };
            case "register":
                {
                    if (items.Count is < 2 or > 3 || !items[1].IsString) throw item.Error("malformed register: expected (register \"name\" $module?)");
                    string? instance = items.Count == 3 ? ExpectId(items[2]) : null;
                    return new WastCommand(WastCommandKind.Register, item.Line)
                    {
                        Text = WatModuleBuilder.ToName(items[1]),
                        InstanceName = instance,
                    };
                }
            case "invoke":
            case "get":
                return new WastCommand(WastCommandKind.Action, item.Line) { Action = ParseAction(item) };
            case "assert_return":
                {
                    Expect(item, items.Count >= 2, "assert_return needs an action");
                    var expected = new WastExpected[items.Count - 2];
                    for (int i = 2; i < items.Count; i++) expected[i - 2] = ParseExpected(items[i]);
                    return new WastCommand(WastCommandKind.AssertReturn, item.Line) { Action = ParseAction(items[1]), Expected = expected };
                }
            case "assert_return_canonical_nan":
            case "assert_return_arithmetic_nan":
                {
                    Expect(item, items.Count == 2, "expected one action");
                    var action = ParseAction(items[1]);
                    var kind = item.Head == "assert_return_canonical_nan" ? WastExpectedKind.CanonicalNan : WastExpectedKind.ArithmeticNan;
                    // The legacy forms do not name the type; it is taken from the result at run time.
                    return new WastCommand(WastCommandKind.AssertReturn, item.Line) { Action = action, Expected = [new WastExpected(kind, default)] };
                }
            case "assert_trap":
                {
                    Expect(item, items.Count == 3 && items[2].IsString, "expected (assert_trap action|module \"message\")");
                    string message = Message(items[2]);
                    return items[1].IsListOf("module")
                        ? new WastCommand(WastCommandKind.AssertTrap, item.Line) { Module = ParseModule(items[1]), Text = message }
                        : new WastCommand(WastCommandKind.AssertTrap, item.Line) { Action = ParseAction(items[1]), Text = message };
                }
            case "assert_exhaustion":
                Expect(item, items.Count == 3 && items[2].IsString, "expected (assert_exhaustion action \"message\")");
                return new WastCommand(WastCommandKind.AssertExhaustion, item.Line) { Action = ParseAction(items[1]), Text = Message(items[2]) };
            case "assert_invalid":
                return ModuleAssertion(item, WastCommandKind.AssertInvalid);
            case "assert_malformed":
                return ModuleAssertion(item, WastCommandKind.AssertMalformed);
            case "assert_unlinkable":
                return ModuleAssertion(item, WastCommandKind.AssertUnlinkable);
            case "assert_uninstantiable":
                return ModuleAssertion(item, WastCommandKind.AssertUninstantiable);
            default:
                throw item.Error(item.Head is null ? "unexpected token, expected a script command" : $"unknown script command {item.Head}");
        }
    }

    private static WastCommand ModuleAssertion(SExpr item, WastCommandKind kind)
    {
        var items = item.Items;
        Expect(item, items.Count == 3 && items[1].IsListOf("module") && items[2].IsString, $"expected ({item.Head} (module ...) \"message\")");
        return new WastCommand(kind, item.Line) { Module = ParseModule(items[1]), Text = Message(items[2]) };
    }

    private static WastModule ParseModule(SExpr module)
    {
        var items = module.Items;
        int i = 1;
        string? name = null;
        if (i < items.Count && items[i].IsId) name = items[i++].Text;
        var form = WastModuleForm.Text;
        if (i < items.Count && items[i].IsKeyword("binary")) form = WastModuleForm.Binary;
        else if (i < items.Count && items[i].IsKeyword("quote")) form = WastModuleForm.Quote;
        return new WastModule(module, name, form);
    }

    private static WastAction ParseAction(SExpr action)
    {
        var items = action.Items;
        var kind = action.Head switch
        {
            "invoke" => WastActionKind.Invoke,
            "get" => WastActionKind.Get,
            _ => throw action.Error($"unexpected token {action}, expected (invoke ...) or (get ...)"),
        };
        int i = 1;
        string? module = null;
        if (i < items.Count && items[i].IsId) module = items[i++].Text;
        Expect(action, i < items.Count && items[i].IsString, "expected an export name");
        string name = WatModuleBuilder.ToName(items[i++]);
        var args = new WasmValue[items.Count - i];
        for (int k = i; k < items.Count; k++) args[k - i] = ParseConst(items[k]);
        if (kind == WastActionKind.Get && args.Length != 0) throw items[i].Error("get takes no arguments");
        return new WastAction(kind, module, name, args, action.Line);
    }

    private static WastExpected ParseExpected(SExpr item)
    {
        if (item.Items.Count == 2 && item.Items[1].IsAtom)
        {
            string text = item.Items[1].Text;
            bool f32 = item.Head == "f32.const", f64 = item.Head == "f64.const";
            if ((f32 || f64) && text is "nan:canonical" or "nan:arithmetic")
            {
                var kind = text == "nan:canonical" ? WastExpectedKind.CanonicalNan : WastExpectedKind.ArithmeticNan;
                return new WastExpected(kind, WasmValue.Zero(f32 ? ValType.F32 : ValType.F64));
            }
        }
        return new WastExpected(WastExpectedKind.Exact, ParseConst(item));
    }

    /// <summary>(i32.const n), (i64.const n), (f32.const z), (f64.const z).</summary>
    internal static WasmValue ParseConst(SExpr item)
    {
        if (item.Items.Count != 2 || !item.Items[1].IsAtom) throw item.Error($"unexpected token {item}, expected a constant");
        string text = item.Items[1].Text;
        switch (item.Head)
        {
            case "i32.const" when WatNumber.TryParseInt(text, 32, out ulong i32):
                return WasmValue.I32((int)(uint)i32);
            case "i64.const" when WatNumber.TryParseInt(text, 64, out ulong i64):
                return WasmValue.I64((long)i64);
            case "f32.const" when WatNumber.TryParseF32(text, out uint f32):
                return WasmValue.F32Bits(f32);
            case "f64.const" when WatNumber.TryParseF64(text, out ulong f64):
                return WasmValue.F64Bits(f64);
            default:
                throw item.Error($"unexpected token {item}, expected a constant");
        }
    }

    private static string Message(SExpr str) => Encoding.UTF8.GetString(str.Bytes!);

    private static string ExpectId(SExpr item) => item.IsId ? item.Text : throw item.Error($"unexpected token {item}, expected a module name");

    private static void Expect(SExpr item, bool condition, string message)
    {
        if (!condition) throw item.Error(message);
    }
}
