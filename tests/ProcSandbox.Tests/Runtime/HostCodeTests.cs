using System.Globalization;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Runtime;

/// <summary>Machine code the host builds for itself runs from pages that are executable and not writable.</summary>
public class HostCodeTests
{
    [SkippableFact]
    public unsafe void Host_code_runs_from_read_execute_pages()
    {
        Skip.If(SandboxPlatform.UnsupportedReason is not null, SandboxPlatform.UnsupportedReason);
        // mov eax, 42; ret
        using var code = new HostCode([0xB8, 42, 0, 0, 0, 0xC3]);
        var function = (delegate* unmanaged<int>)code.Address;
        Assert.Equal(42, function());
        Assert.Equal("r-xp", Permissions((ulong)code.Address));
    }

    private static string Permissions(ulong address)
    {
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var fields = line.Split(' ', 3);
            var range = fields[0].Split('-');
            ulong start = ulong.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            ulong end = ulong.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (start <= address && address < end) return fields[1];
        }
        return "unmapped";
    }
}
