namespace TenantDb.ProcSandbox.Runtime.Wasi;

/// <summary>The error numbers of WASI preview 1 that this host returns (the full list is in the WASI spec).</summary>
public enum WasiErrno : ushort
{
    Success = 0,
    TooBig = 1,
    Access = 2,
    BadDescriptor = 8,
    Fault = 21,
    Invalid = 28,
    IsDirectory = 31,
    TooManyOpenFiles = 33,
    NameTooLong = 37,
    NoEntry = 44,
    NoSystem = 52,
    NotDirectory = 54,
    NotSupported = 58,
    Pipe = 64,
    ReadOnlyFileSystem = 69,
    SeekOnPipe = 70,
    NotCapable = 76,
}
