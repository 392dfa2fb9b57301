using System.Globalization;

namespace TenantDb.Wire.Server.Copy;

/// <summary>
/// A COPY FROM STDIN between CopyInResponse and CopyDone: the parsed command, the prepared target,
/// the input state and, for a COPY sent in a simple Query, where the rest of that query resumes.
/// </summary>
internal sealed class CopyInProgress : IDisposable
{
    /// <summary>Starts the input side of <paramref name="command"/> into <paramref name="target"/>.</summary>
    /// <param name="command">The COPY.</param>
    /// <param name="target">The table's statements.</param>
    /// <param name="maxRowLength">Longest input row accepted, in bytes.</param>
    /// <param name="inTransaction">Whether the engine's transaction is still open.</param>
    public CopyInProgress(CopyCommand command, CopyTarget target, int maxRowLength, Func<bool> inTransaction)
    {
        Command = command;
        Target = target;
        Sink = new CopyInsertSink(target, command.Options.Format == CopyFormat.Binary, inTransaction);
        State = new CopyInState(command.Options, target.ColumnTypes.Length, Sink, maxRowLength);
    }

    /// <summary>The COPY statement.</summary>
    public CopyCommand Command { get; }

    /// <summary>The prepared SELECT and INSERT.</summary>
    public CopyTarget Target { get; }

    /// <summary>Runs the INSERT per row.</summary>
    public CopyInsertSink Sink { get; }

    /// <summary>Cuts the incoming bytes into rows.</summary>
    public CopyInState State { get; }

    /// <summary>The simple Query text the COPY came in (null: the extended protocol's Execute).</summary>
    public string? ResumeSql { get; private set; }

    /// <summary>Where the rest of <see cref="ResumeSql"/> starts.</summary>
    public int ResumeAt { get; private set; }

    /// <summary>The CONTEXT of an error: the table and input line, as PostgreSQL reports it.</summary>
    public string Where => string.Create(CultureInfo.InvariantCulture, $"COPY {Command.TableName}, line {Sink.FailedLine ?? Math.Max(State.Line, 1)}");

    /// <summary>Remembers that the COPY came in a simple Query whose remaining statements start at <paramref name="at"/>.</summary>
    public void ResumeSimpleQuery(string sql, int at)
    {
        ResumeSql = sql;
        ResumeAt = at;
    }

    /// <summary>CopyInResponse's body: overall format, then one format per column.</summary>
    public void WriteResponse(Protocol.PgMessageWriter writer)
    {
        var binary = Command.Options.Format == CopyFormat.Binary;
        writer.StartMessage(Protocol.BackendMessageType.CopyInResponse);
        writer.WriteByte(binary ? (byte)1 : (byte)0);
        writer.WriteInt16((short)Target.ColumnTypes.Length);
        for (var i = 0; i < Target.ColumnTypes.Length; i++) writer.WriteInt16(binary ? (short)1 : (short)0);
        writer.EndMessage();
    }

    /// <summary>Frees the buffers and the prepared statements.</summary>
    public void Dispose()
    {
        State.Dispose();
        Sink.Dispose();
        Target.Dispose();
    }
}
