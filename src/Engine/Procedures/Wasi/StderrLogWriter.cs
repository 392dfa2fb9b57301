using TenantDb.ProcSandbox.Runtime.Wasi;

namespace TenantDb.Engine.Procedures.Wasi;

/// <summary>
/// stderr of a WASI procedure: each line goes to the tenant-tagged log through the same path (and
/// rate limit) as the <c>log</c> import. A line longer than the log takes is cut; the last line is
/// kept for the error message of a program that exits with a non-zero status.
/// </summary>
internal sealed class StderrLogWriter(ProcedureCallContext context) : IWasiWriter
{
    private const int MaxLineBytes = 4096;

    private readonly byte[] _line = new byte[MaxLineBytes];
    private int _length;
    private bool _cut;

    /// <summary>The last complete line written, for the failure message.</summary>
    public byte[] LastLine { get; private set; } = [];

    public void Write(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            if (b == '\n')
            {
                Flush();
                continue;
            }
            if (_length < _line.Length) _line[_length++] = b;
            else _cut = true;
        }
    }

    /// <summary>Logs an unfinished last line.</summary>
    public void Flush()
    {
        if (_length == 0 && !_cut) return;
        LastLine = _line.AsSpan(0, _length).ToArray();
        context.Log(_line, 0, _length);
        _length = 0;
        _cut = false;
    }
}
