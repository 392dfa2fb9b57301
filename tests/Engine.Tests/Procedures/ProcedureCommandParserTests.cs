using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Tests.Procedures;

public class ProcedureCommandParserTests
{
    [Fact]
    public void Create_with_wat_text_parameters_and_result_table()
    {
        Assert.True(ProcedureCommandParser.TryParse(
            "CREATE OR REPLACE PROCEDURE Top_Customers(n int, min_total double precision) RETURNS TABLE(name text, total float8) AS '(module (func (export \"run\") (result i32) i32.const 0) (memory (export \"memory\") 1))';",
            out var command));
        var create = Assert.IsType<CreateProcedureCommand>(command);
        Assert.Equal("top_customers", create.Name);
        Assert.True(create.OrReplace);
        Assert.Equal([new ProcedureColumn("n", ProcedureType.Int8), new ProcedureColumn("min_total", ProcedureType.Float8)], create.Parameters);
        Assert.Equal([new ProcedureColumn("name", ProcedureType.Text), new ProcedureColumn("total", ProcedureType.Float8)], create.Columns);
        var text = Assert.IsType<ModuleSource.Text>(create.Module);
        Assert.StartsWith("(module (func (export \"run\")", text.Wat, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_with_blob_literal_dollar_quote_and_parameter()
    {
        Assert.True(ProcedureCommandParser.TryParse("create procedure p() as x'0061736D01000000'", out var a));
        Assert.Equal(new byte[] { 0, 0x61, 0x73, 0x6d, 1, 0, 0, 0 }, Assert.IsType<ModuleSource.Binary>(((CreateProcedureCommand)a!).Module).Wasm);

        Assert.True(ProcedureCommandParser.TryParse("create procedure p() as '\\x0061736d'::bytea", out var b));
        Assert.Equal(new byte[] { 0, 0x61, 0x73, 0x6d }, Assert.IsType<ModuleSource.Binary>(((CreateProcedureCommand)b!).Module).Wasm);

        Assert.True(ProcedureCommandParser.TryParse("create procedure p() returns table(x int) as $wat$(module 'quoted')$wat$ language wasm", out var c));
        Assert.Equal("(module 'quoted')", Assert.IsType<ModuleSource.Text>(((CreateProcedureCommand)c!).Module).Wat);

        Assert.True(ProcedureCommandParser.TryParse("CREATE PROCEDURE p(b bytea, ok boolean, s varchar(20)) AS $1", out var d));
        var create = (CreateProcedureCommand)d!;
        Assert.Equal(0, Assert.IsType<ModuleSource.Parameter>(create.Module).Index);
        Assert.Equal([ProcedureType.Bytea, ProcedureType.Bool, ProcedureType.Text], create.Parameters.Select(p => p.Type));
        Assert.Empty(create.Columns);
    }

    [Theory]
    [InlineData("CALL p(E'it\\'s')", "it's")]
    [InlineData("CALL p(E'tab\\there\\n')", "tab\there\n")]
    [InlineData("CALL p(E'\\x41\\101\\u00e9')", "AAé")]
    [InlineData("CALL p($$a; 'b'$$)", "a; 'b'")]
    [InlineData("CALL p($t$ $$ $t$)", " $$ ")]
    [InlineData("CALL p(/* a /* nested */ comment */ 'x')", "x")]
    [InlineData("CALL p(N'national')", "national")]
    public void String_arguments_follow_postgresqls_lexical_rules(string sql, string expected)
    {
        Assert.True(ProcedureCommandParser.TryParse(sql, out var command));
        var call = Assert.IsType<CallProcedureCommand>(command);
        Assert.Equal(expected, ((CallArgument.Literal)Assert.Single(call.Arguments)).Value.AsText);
    }

    [Fact]
    public void A_dollar_quoted_module_may_contain_semicolons_and_quotes()
    {
        Assert.True(ProcedureCommandParser.TryParse("CREATE PROCEDURE p() AS $wat$ (module ;; it's; fine\n) $wat$", out var command));
        var create = Assert.IsType<CreateProcedureCommand>(command);
        Assert.Equal(" (module ;; it's; fine\n) ", Assert.IsType<ModuleSource.Text>(create.Module).Wat);
    }

    [Fact]
    public void Call_with_literals_and_parameters()
    {
        Assert.True(ProcedureCommandParser.TryParse("CALL transfer($2, $1, -9223372036854775808, 2.5e3, 'it''s', x'ff00', null, true, false, $3::int8)", out var command));
        var call = Assert.IsType<CallProcedureCommand>(command);
        Assert.Equal("transfer", call.Name);
        Assert.Equal(10, call.Arguments.Count);
        Assert.Equal(new CallArgument.Parameter(1), call.Arguments[0]);
        Assert.Equal(SqlValue.Integer(long.MinValue), ((CallArgument.Literal)call.Arguments[2]).Value);
        Assert.Equal(2500.0, ((CallArgument.Literal)call.Arguments[3]).Value.AsReal);
        Assert.Equal("it's", ((CallArgument.Literal)call.Arguments[4]).Value.AsText);
        Assert.Equal(new byte[] { 0xff, 0 }, ((CallArgument.Literal)call.Arguments[5]).Value.AsBlob);
        Assert.Equal(SqlType.Null, ((CallArgument.Literal)call.Arguments[6]).Value.Type);
        Assert.Equal(1, ((CallArgument.Literal)call.Arguments[7]).Value.AsInteger);
        Assert.Equal(new CallArgument.Parameter(2), call.Arguments[9]);
    }

    [Fact]
    public void Drop_forms()
    {
        Assert.True(ProcedureCommandParser.TryParse("drop procedure if exists p(int, text);", out var a));
        Assert.Equal(new DropProcedureCommand("p", true), a);
        Assert.True(ProcedureCommandParser.TryParse("DROP PROCEDURE \"MixedCase\"", out var b));
        Assert.Equal(new DropProcedureCommand("MixedCase", false), b);
    }

    [Theory]
    [InlineData("select 1")]
    [InlineData("create table procedure(x)")]
    [InlineData("create view v as select 1")]
    [InlineData("drop table t")]
    [InlineData("insert into t values ('call me')")]
    [InlineData("")]
    public void Other_statements_are_left_to_sqlite(string sql)
    {
        Assert.False(ProcedureCommandParser.TryParse(sql, out var command));
        Assert.Null(command);
    }

    [Theory]
    [InlineData("call p(", 7)]
    [InlineData("call p(1 2)", 9)]
    [InlineData("call p(99999999999999999999)", 7)]
    [InlineData("create procedure p(x money) as 'x'", 21)]
    [InlineData("create procedure p() as 'unterminated", 24)]
    [InlineData("create procedure p() as x'abc'", 24)]
    [InlineData("create procedure p() as 'x' garbage", 28)]
    [InlineData("create procedure \"../etc\"() as 'x'", 17)]
    [InlineData("call p($0)", 7)]
    [InlineData("create procedure p(a int, a int) as 'x'", 0)]
    public void Malformed_procedure_statements_are_syntax_errors_with_offsets(string sql, int offset)
    {
        var e = Assert.Throws<TenantDbException>(() => ProcedureCommandParser.TryParse(sql, out _));
        Assert.Equal(TenantDbErrorKind.Syntax, e.Kind);
        Assert.Equal(offset, e.ErrorOffset);
    }

    [Property(MaxTest = 500)]
    public void Arbitrary_text_never_throws_anything_but_a_syntax_error(string sql)
    {
        try
        {
            ProcedureCommandParser.TryParse(sql ?? "", out _);
            ProcedureCommandParser.TryParse("call p(" + sql, out _);
            ProcedureCommandParser.TryParse("create procedure p(" + sql, out _);
        }
        catch (TenantDbException e) when (e.Kind == TenantDbErrorKind.Syntax)
        {
        }
    }

    [Property(MaxTest = 300)]
    public Property Integer_and_text_arguments_round_trip(long n, NonNull<string> s)
    {
        string literal = "'" + s.Get.Replace("'", "''", StringComparison.Ordinal) + "'";
        string sql = $"call p({n.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {literal})";
        bool parsed = ProcedureCommandParser.TryParse(sql, out var command);
        var call = (CallProcedureCommand)command!;
        return (parsed
            && ((CallArgument.Literal)call.Arguments[0]).Value.AsInteger == n
            && ((CallArgument.Literal)call.Arguments[1]).Value.AsText == s.Get).ToProperty();
    }
}
