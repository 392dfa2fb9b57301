using TenantDb.Engine.SqlText;
using TenantDb.Engine.Values;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Server;

// SQL-level PREPARE name [(types)] AS statement and EXECUTE name [(arguments)]: the same statement
// table as the extended protocol's Parse, so DEALLOCATE and Close see them too.
internal sealed partial class PgConnection
{
    private void RunSqlPrepare(string sql)
    {
        var s = ClientStatement.ReadFirst(sql);
        var i = 1;
        var name = SqlName(s, ref i);
        List<uint> types = [];
        if (s.IsPunctuation(i, '('))
        {
            i++;
            while (i < s.Tokens.Length && !s.IsPunctuation(i, ')'))
            {
                var start = i;
                while (i < s.Tokens.Length && !s.IsPunctuation(i, ',') && !s.IsPunctuation(i, ')')) i++;
                types.Add(TypeOid(s.Text[s.Tokens[start].Start..s.Tokens[i - 1].End]));
                if (s.IsPunctuation(i, ',')) i++;
            }
            i++;
        }
        if (!s.IsWord(i, "AS") || i + 1 >= s.Tokens.Length) throw new PgStatementException(SqlState.SyntaxError, "syntax error: PREPARE name [(types)] AS statement");
        var body = ClientStatement.ReadFirst(s.Text[s.Tokens[i + 1].Start..s.Tokens[^1].End]);
        var kind = StatementClassifier.Classify(body);
        if (kind != StatementKind.Engine) throw new PgStatementException(SqlState.FeatureNotSupported, "PREPARE of this statement is not supported");
        _statements.CheckCanAdd(name, body.Text.Length);
        var rewritten = StatementRewriter.Rewrite(body, parameterize: false, tables: this);
        EnsureCatalog(rewritten);
        _statements.Add(name, new PreparedStatement(rewritten.Sql, kind, Session.Prepare(rewritten.Sql), [.. types]) { UsesCatalog = rewritten.UsesCatalog });
        _writer.WriteCommandComplete("PREPARE");
    }

    private void RunSqlExecute(Portal outer)
    {
        var s = ClientStatement.ReadFirst(outer.Statement.Sql);
        var i = 1;
        var name = SqlName(s, ref i);
        var statement = _statements.Get(name);
        SqlValue[] values = [];
        if (s.IsPunctuation(i, '('))
        {
            // The arguments are expressions: the engine evaluates them as one SELECT.
            var close = s.Tokens.Length - 1;
            if (!s.IsPunctuation(close, ')')) throw new PgStatementException(SqlState.SyntaxError, "syntax error: EXECUTE name (arguments)");
            var select = ClientStatement.ReadFirst("SELECT " + s.Text[s.Tokens[i].End..s.Tokens[close].Start]);
            var rewritten = StatementRewriter.Rewrite(select, parameterize: false);
            using var arguments = Session.Prepare(rewritten.Sql);
            using var reader = arguments.ExecuteReader();
            reader.Read();
            values = new SqlValue[arguments.ColumnCount];
            for (var k = 0; k < values.Length; k++) values[k] = reader.GetValue(k);
        }
        if (values.Length != statement.ParameterTypes.Length)
            throw new PgStatementException(SqlState.SyntaxError, $"wrong number of parameters for prepared statement \"{name}\": expected {statement.ParameterTypes.Length}, got {values.Length}");
        for (var k = 0; k < values.Length; k++)
            if (values[k].Type == SqlType.Text && !values[k].IsNull) values[k] = PgParameterDecoder.Decode(System.Text.Encoding.UTF8.GetBytes(values[k].AsText), statement.ParameterTypes[k], binary: false, statement.IsColumnBound(k));
        // The rows go out as the EXECUTE's portal was described (RowDescription came from Describe, or before this in a simple Query).
        using var portal = new Portal(statement, values, outer.ResultFormats, ownsStatement: false) { Columns = DescribePortal(outer) };
        ExecutePortal(portal, 0);
    }

    private static string SqlName(ClientStatement s, ref int i)
    {
        if (i >= s.Tokens.Length) throw new PgStatementException(SqlState.SyntaxError, "syntax error: a statement name is missing");
        var token = s.Tokens[i++];
        return token.Kind switch
        {
            SqlTokenKind.Word => token.TextIn(s.Text).ToString().ToLowerInvariant(),
            SqlTokenKind.QuotedIdentifier => SqlIdentifier.Unquote(s.Text, token),
            _ => throw new PgStatementException(SqlState.SyntaxError, "syntax error: a statement name is missing"),
        };
    }

    private static uint TypeOid(string name) => name.Trim().ToLowerInvariant() switch
    {
        "int" or "integer" or "int4" => PgTypeOid.Int4,
        "bigint" or "int8" => PgTypeOid.Int8,
        "smallint" or "int2" => PgTypeOid.Int2,
        "real" or "float4" => PgTypeOid.Float4,
        "double precision" or "float8" or "float" => PgTypeOid.Float8,
        "numeric" or "decimal" => PgTypeOid.Numeric,
        "boolean" or "bool" => PgTypeOid.Bool,
        "bytea" => PgTypeOid.Bytea,
        _ => PgTypeOid.Text,
    };
}
