// SAFETY-CRITICAL: generated machine code that steps a SQLite statement and writes rows into a
// procedure's linear memory. It writes only inside [Destination, Destination + Capacity), checking
// every store against Capacity in 64-bit arithmetic before it is made; the caller passes a
// destination it has already checked against the guest's memory.
using System.Runtime.InteropServices;
using Iced.Intel;
using TenantDb.Engine.Errors;
using TenantDb.ProcSandbox.Runtime;
using static Iced.Intel.AssemblerRegisters;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// The per-row loop of an ABI channel read, in machine code: encode the current row in the ABI's row
/// format (<see cref="AbiRow"/>), step, repeat, until the batch is full, the row budget is spent, the
/// query ends or fails. Managed code enters it once per batch instead of crossing into SQLite once per
/// step; a row is encoded with <c>sqlite3_column_value</c>, <c>sqlite3_value_type</c> and the value's
/// accessor, exactly as <see cref="AbiRow.TryWrite"/> does, and the two produce the same bytes.
/// </summary>
/// <remarks>
/// <para>
/// The loop is entered through an ordinary unmanaged call, with the GC transition: while it runs the
/// thread is in preemptive mode, so SQLite may call back into managed code from <c>sqlite3_step</c>
/// (the progress handler that enforces timeouts and cancels, the authorizer when a statement is
/// re-prepared, SQL functions) and a long step never holds up a garbage collection. Calling
/// <c>sqlite3_step</c> itself without the transition (<c>SuppressGCTransition</c>) would be unsafe for
/// exactly those reasons; doing the whole loop natively saves the transition instead.
/// </para>
/// <para>
/// Entered on a row not yet delivered. It stops with <see cref="Batch.StepResult"/> =
/// <see cref="SqliteResultCodes.Row"/> when it leaves that row to the caller (the row does not fit,
/// <see cref="Batch.MaxRows"/> rows were encoded, or <c>sqlite3_value_text</c>/<c>_blob</c> returned
/// no pointer for a non-empty value), and otherwise with the result of the step that ended the rows
/// (<c>SQLITE_DONE</c> or an error, which the caller maps). Values are read from the statement's
/// current row only, on the thread that runs the statement; see <see cref="Sql.SqliteNative.ColumnValue"/>.
/// </para>
/// </remarks>
internal static unsafe class NativeRowLoop
{
    /// <summary>The loop's arguments and results, on the caller's stack for the duration of one call.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Batch
    {
        /// <summary>The <c>sqlite3_stmt*</c>, positioned on a row.</summary>
        public nint Statement;

        /// <summary>The guest buffer rows are written to.</summary>
        public byte* Destination;

        /// <summary>Bytes at <see cref="Destination"/> (at most <see cref="int.MaxValue"/>).</summary>
        public long Capacity;

        /// <summary>Bytes written so far; rows are appended here.</summary>
        public long Written;

        /// <summary>Rows encoded by this call.</summary>
        public long Rows;

        /// <summary>The most rows this call may encode.</summary>
        public long MaxRows;

        /// <summary>Result columns of the statement (at most 32,767, SQLite's limit).</summary>
        public int Columns;

        /// <summary>SQLITE_ROW when a row is left undelivered, else the result of the last step.</summary>
        public int StepResult;
    }

    private static readonly Lazy<nint> s_entry = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    // Kept for the process's lifetime: the loop is built once and never unmapped.
    private static HostCode? s_code;

    /// <summary>Runs the loop on <paramref name="batch"/>.</summary>
    public static void Run(ref Batch batch)
    {
        var entry = (delegate* unmanaged<Batch*, void>)s_entry.Value;
        fixed (Batch* b = &batch)
        {
            entry(b);
        }
    }

    private static nint Build()
    {
        nint library = NativeLibrary.Load("e_sqlite3", typeof(NativeRowLoop).Assembly, null);
        var functions = new Functions(
            Step: NativeLibrary.GetExport(library, "sqlite3_step"),
            ColumnValue: NativeLibrary.GetExport(library, "sqlite3_column_value"),
            ValueType: NativeLibrary.GetExport(library, "sqlite3_value_type"),
            ValueInt64: NativeLibrary.GetExport(library, "sqlite3_value_int64"),
            ValueDouble: NativeLibrary.GetExport(library, "sqlite3_value_double"),
            ValueText: NativeLibrary.GetExport(library, "sqlite3_value_text"),
            ValueBlob: NativeLibrary.GetExport(library, "sqlite3_value_blob"),
            ValueBytes: NativeLibrary.GetExport(library, "sqlite3_value_bytes"));
        byte[] code = Assemble(functions);
        s_code = new HostCode(code);
        return s_code.Address;
    }

    private readonly record struct Functions(nint Step, nint ColumnValue, nint ValueType, nint ValueInt64, nint ValueDouble, nint ValueText, nint ValueBlob, nint ValueBytes);

    // Offsets of Batch's fields.
    private const int StatementField = 0, DestinationField = 8, CapacityField = 16, WrittenField = 24;
    private const int RowsField = 32, MaxRowsField = 40, ColumnsField = 48, StepResultField = 52;

    // Stack slots below the saved registers: the current value, a text/blob pointer, its tag.
    private const int ValueSlot = 0, PointerSlot = 8, TagSlot = 16, FrameBytes = 24;

    /// <summary>
    /// System V x86-64. Registers kept across calls: rbx the batch, r12 the statement, r13 the
    /// destination, rbp the offset of the row being written, r14 the write offset, r15d the column.
    /// </summary>
    private static byte[] Assemble(Functions f)
    {
        var a = new Assembler(64);
        Label row = a.CreateLabel(), column = a.CreateLabel(), rowDone = a.CreateLabel(), pending = a.CreateLabel(), exit = a.CreateLabel();
        Label integer = a.CreateLabel(), real = a.CreateLabel(), text = a.CreateLabel(), blob = a.CreateLabel(), bytes = a.CreateLabel(), copy = a.CreateLabel();

        a.push(rbp);
        a.push(rbx);
        a.push(r12);
        a.push(r13);
        a.push(r14);
        a.push(r15);
        // Six pushes and the return address: 56 bytes; 24 more keep rsp 16-byte aligned at each call.
        a.sub(rsp, FrameBytes);
        a.mov(rbx, rdi);
        a.mov(r12, __qword_ptr[rbx + StatementField]);
        a.mov(r13, __qword_ptr[rbx + DestinationField]);

        // A row: stop before it when MaxRows rows are done or its header does not fit.
        a.Label(ref row);
        a.mov(rax, __qword_ptr[rbx + RowsField]);
        a.cmp(rax, __qword_ptr[rbx + MaxRowsField]);
        a.jge(pending);
        a.mov(rbp, __qword_ptr[rbx + WrittenField]);
        a.lea(r14, __[rbp + AbiRow.HeaderSize]);
        a.cmp(r14, __qword_ptr[rbx + CapacityField]);
        a.jg(pending);
        a.xor(r15d, r15d);

        // A column: value = sqlite3_column_value(stmt, i); switch on sqlite3_value_type(value).
        a.Label(ref column);
        a.cmp(r15d, __dword_ptr[rbx + ColumnsField]);
        a.jge(rowDone);
        a.mov(rdi, r12);
        a.mov(esi, r15d);
        Call(a, f.ColumnValue);
        a.mov(__qword_ptr[rsp + ValueSlot], rax);
        a.mov(rdi, rax);
        Call(a, f.ValueType);
        a.cmp(eax, 1);
        a.je(integer);
        a.cmp(eax, 2);
        a.je(real);
        a.cmp(eax, 3);
        a.je(text);
        a.cmp(eax, 4);
        a.je(blob);

        // NULL (5; anything else is encoded as NULL too, as AbiRow.TryWrite does): the tag alone.
        a.lea(rax, __[r14 + 1]);
        a.cmp(rax, __qword_ptr[rbx + CapacityField]);
        a.jg(pending);
        a.mov(__byte_ptr[r13 + r14], AbiRow.TagNull);
        a.inc(r14);
        a.inc(r15d);
        a.jmp(column);

        // Integer and float: the tag, then 8 little-endian bytes.
        a.Label(ref integer);
        a.lea(rax, __[r14 + 9]);
        a.cmp(rax, __qword_ptr[rbx + CapacityField]);
        a.jg(pending);
        a.mov(rdi, __qword_ptr[rsp + ValueSlot]);
        Call(a, f.ValueInt64);
        a.mov(__byte_ptr[r13 + r14], AbiRow.TagInt64);
        a.mov(__qword_ptr[r13 + r14 + 1], rax);
        a.add(r14, 9);
        a.inc(r15d);
        a.jmp(column);

        a.Label(ref real);
        a.lea(rax, __[r14 + 9]);
        a.cmp(rax, __qword_ptr[rbx + CapacityField]);
        a.jg(pending);
        a.mov(rdi, __qword_ptr[rsp + ValueSlot]);
        Call(a, f.ValueDouble);
        a.mov(__byte_ptr[r13 + r14], AbiRow.TagFloat64);
        a.movsd(__qword_ptr[r13 + r14 + 1], xmm0);
        a.add(r14, 9);
        a.inc(r15d);
        a.jmp(column);

        // Text and blob: the pointer first, then the length (the order SQLite documents).
        a.Label(ref text);
        a.mov(rdi, __qword_ptr[rsp + ValueSlot]);
        Call(a, f.ValueText);
        a.mov(__byte_ptr[rsp + TagSlot], AbiRow.TagText);
        a.jmp(bytes);
        a.Label(ref blob);
        a.mov(rdi, __qword_ptr[rsp + ValueSlot]);
        Call(a, f.ValueBlob);
        a.mov(__byte_ptr[rsp + TagSlot], AbiRow.TagBlob);
        a.Label(ref bytes);
        a.mov(__qword_ptr[rsp + PointerSlot], rax);
        a.mov(rdi, __qword_ptr[rsp + ValueSlot]);
        Call(a, f.ValueBytes);
        // The length is a non-negative int; widened to 64 bits, the end offset cannot wrap.
        a.mov(ecx, eax);
        a.lea(rax, __[r14 + rcx + 5]);
        a.cmp(rax, __qword_ptr[rbx + CapacityField]);
        a.jg(pending);
        // No pointer: an empty blob (copy nothing) or an out-of-memory conversion (left to the caller).
        a.mov(rsi, __qword_ptr[rsp + PointerSlot]);
        a.test(rsi, rsi);
        a.jnz(copy);
        a.test(ecx, ecx);
        a.jnz(pending);
        a.Label(ref copy);
        a.movzx(eax, __byte_ptr[rsp + TagSlot]);
        a.mov(__byte_ptr[r13 + r14], al);
        a.mov(__dword_ptr[r13 + r14 + 1], ecx);
        a.lea(rdi, __[r13 + r14 + 5]);
        a.lea(r14, __[r14 + rcx + 5]);
        // Copies rcx bytes from rsi to rdi (the direction flag is clear at every call, by the ABI).
        a.rep.movsb();
        a.inc(r15d);
        a.jmp(column);

        // The row is complete: its header (u32 length after the length field, u16 columns), then step.
        a.Label(ref rowDone);
        a.mov(rax, r14);
        a.sub(rax, rbp);
        a.sub(rax, 4);
        a.mov(__dword_ptr[r13 + rbp], eax);
        a.mov(eax, __dword_ptr[rbx + ColumnsField]);
        a.mov(__word_ptr[r13 + rbp + 4], ax);
        a.mov(__qword_ptr[rbx + WrittenField], r14);
        a.inc(__qword_ptr[rbx + RowsField]);
        a.mov(rdi, r12);
        Call(a, f.Step);
        a.cmp(eax, SqliteResultCodes.Row);
        a.je(row);
        a.mov(__dword_ptr[rbx + StepResultField], eax);
        a.jmp(exit);

        a.Label(ref pending);
        a.mov(__dword_ptr[rbx + StepResultField], SqliteResultCodes.Row);
        a.Label(ref exit);
        a.add(rsp, FrameBytes);
        a.pop(r15);
        a.pop(r14);
        a.pop(r13);
        a.pop(r12);
        a.pop(rbx);
        a.pop(rbp);
        a.ret();

        using var stream = new MemoryStream();
        a.Assemble(new StreamCodeWriter(stream), 0);
        return stream.ToArray();
    }

    /// <summary>An absolute call (the library may be mapped anywhere relative to the code).</summary>
    private static void Call(Assembler a, nint function)
    {
        a.mov(rax, (ulong)function);
        a.call(rax);
    }
}
