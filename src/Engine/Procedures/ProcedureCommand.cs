using TenantDb.Engine.Procedures.Wasi;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// A procedure-management statement the engine handles itself, before anything reaches SQLite:
/// <c>CREATE [OR REPLACE] PROCEDURE</c>, <c>DROP PROCEDURE</c> or <c>CALL</c>.
/// </summary>
public abstract record ProcedureCommand;

/// <summary><c>CREATE [OR REPLACE] PROCEDURE name(params) RETURNS TABLE(cols) AS module</c>.</summary>
/// <param name="Name">The procedure's name, lower-cased unless it was quoted.</param>
/// <param name="OrReplace">Whether an existing procedure of that name is replaced.</param>
/// <param name="Parameters">The declared parameters, in order.</param>
/// <param name="Columns">The declared result columns, in order.</param>
/// <param name="Module">Where the module's bytes or text come from.</param>
/// <param name="Wasi">For <c>LANGUAGE wasi</c>: the declared channels; null otherwise.</param>
public sealed record CreateProcedureCommand(
    string Name,
    bool OrReplace,
    IReadOnlyList<ProcedureColumn> Parameters,
    IReadOnlyList<ProcedureColumn> Columns,
    ModuleSource Module,
    WasiManifest? Wasi = null) : ProcedureCommand;

/// <summary><c>DROP PROCEDURE [IF EXISTS] name</c>.</summary>
/// <param name="Name">The procedure's name.</param>
/// <param name="IfExists">Whether a missing procedure is not an error.</param>
public sealed record DropProcedureCommand(string Name, bool IfExists) : ProcedureCommand;

/// <summary><c>CALL name(args)</c>.</summary>
/// <param name="Name">The procedure's name.</param>
/// <param name="Arguments">The arguments, each a literal or a <c>$n</c> parameter.</param>
public sealed record CallProcedureCommand(string Name, IReadOnlyList<CallArgument> Arguments) : ProcedureCommand;

/// <summary>A declared parameter or result column of a procedure.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Type">Its type.</param>
public sealed record ProcedureColumn(string Name, ProcedureType Type);

/// <summary>The types a procedure's parameters and result columns may have.</summary>
public enum ProcedureType
{
    /// <summary>64-bit integer (int, integer, bigint, int8, smallint, int4, int2).</summary>
    Int8,
    /// <summary>64-bit float (float, float8, double precision, real, float4, numeric).</summary>
    Float8,
    /// <summary>Text (text, varchar, char).</summary>
    Text,
    /// <summary>Bytes (bytea, blob).</summary>
    Bytea,
    /// <summary>Boolean, carried as int64 0 or 1 inside the sandbox.</summary>
    Bool,
}

/// <summary>Where a <c>CREATE PROCEDURE</c> takes its module from.</summary>
public abstract record ModuleSource
{
    /// <summary>WAT text in a string literal.</summary>
    /// <param name="Wat">The module text.</param>
    public sealed record Text(string Wat) : ModuleSource;

    /// <summary>Binary wasm in a blob literal (<c>x'0061736d...'</c>).</summary>
    /// <param name="Wasm">The module bytes.</param>
    public sealed record Binary(byte[] Wasm) : ModuleSource;

    /// <summary>A bound statement parameter (<c>$1</c>) holding wasm bytes or WAT text.</summary>
    /// <param name="Index">The 0-based parameter index.</param>
    public sealed record Parameter(int Index) : ModuleSource;
}

/// <summary>One argument of a <c>CALL</c>.</summary>
public abstract record CallArgument
{
    /// <summary>A literal value written in the statement.</summary>
    /// <param name="Value">The value.</param>
    public sealed record Literal(SqlValue Value) : CallArgument;

    /// <summary>A bound statement parameter (<c>$n</c>).</summary>
    /// <param name="Index">The 0-based parameter index.</param>
    public sealed record Parameter(int Index) : CallArgument;
}
