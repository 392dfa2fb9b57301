using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Tests.Frontend;
using TenantDb.ProcSandbox.Text;

namespace TenantDb.ProcSandbox.Tests.Text;

/// <summary>Whatever the text, the parser either succeeds or throws a WasmException subclass.</summary>
public sealed class WatRobustnessProperties
{
    private static readonly string[] s_tokens =
    [
        "(", ")", "(", ")", "module", "func", "param", "result", "local", "type", "import", "export", "memory",
        "table", "global", "mut", "elem", "data", "start", "block", "loop", "if", "then", "else", "end", "br",
        "br_if", "br_table", "call", "call_indirect", "local.get", "local.set", "i32.const", "i64.const",
        "f32.const", "f64.const", "i32.add", "i32.load", "offset=4", "align=2", "align=3", "drop", "select",
        "i32", "i64", "f32", "f64", "funcref", "$a", "$b", "0", "1", "-1", "0x10", "1.5", "nan", "inf",
        "nan:0x1", "\"s\"", "\"\\00\"", ";;c\n", "(;c;)", "binary", "quote", "offset", "memory.grow",
    ];

    private static readonly string s_seed = File.ReadAllText(
        Path.Combine(RepoPaths.Root, "tests", "ProcSandbox.Tests", "Text", "Corpus", "control.wat"));

    [Property(MaxTest = 300)]
    public Property Random_token_streams_only_throw_wasm_exceptions()
    {
        var tokens = Gen.Elements(s_tokens).ListOf();
        return Prop.ForAll(tokens.ToArbitrary(), list => ParsesOrRejects(string.Join(' ', list)));
    }

    [Property(MaxTest = 300)]
    public Property Mutated_valid_text_only_throws_wasm_exceptions()
    {
        var mutation = Gen.Choose(0, s_seed.Length - 1).Zip(Gen.Choose(0, 4)).Zip(Gen.Elements(s_tokens));
        return Prop.ForAll(mutation.ListOf().ToArbitrary(), edits =>
        {
            string text = s_seed;
            foreach (var ((position, kind), token) in edits)
            {
                int at = Math.Min(position, text.Length);
                text = kind switch
                {
                    0 => text.Remove(at, Math.Min(3, text.Length - at)),
                    1 => text.Insert(at, token),
                    2 => text.Insert(at, " " + token + " "),
                    3 => text.Insert(at, ((char)(position % 128)).ToString()),
                    _ => text[..at],
                };
            }
            return ParsesOrRejects(text);
        });
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(1_999)]
    [InlineData(5_000)]
    public void Deep_nesting_is_parsed_or_refused_on_a_small_stack(int depth)
    {
        string text = "(module (func " + string.Concat(Enumerable.Repeat("(block ", depth)) + new string(')', depth) + "))";
        Exception? failure = null;
        var thread = new Thread(() => failure = Record.Exception(() => WatParser.ParseModuleBinary(text)), maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.True(failure is null or WatParseException, failure?.ToString());
    }

    private static bool ParsesOrRejects(string text)
    {
        try
        {
            WatParser.ParseModule(text);
            return true;
        }
        catch (WasmException)
        {
            return true;
        }
    }
}
