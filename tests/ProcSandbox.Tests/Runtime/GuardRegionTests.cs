using System.Globalization;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Tests.Runtime;

/// <summary>
/// Every linear memory is followed by inaccessible address space reaching past the farthest byte
/// generated code can form (i32 address + u32 offset + access size), so a single missed bounds
/// check faults instead of reaching a neighbouring memory.
/// </summary>
public class GuardRegionTests
{
    [Theory]
    [InlineData(1u, 1u)]
    [InlineData(1u, 3u)]
    [InlineData(2u, 70000u)] // no declared maximum below the 65536-page limit
    public void The_pages_past_the_memory_up_to_the_farthest_reachable_byte_are_PROT_NONE(uint minPages, uint maxPages)
    {
        using var instance = Wasm.Instantiate($"(module (memory (export \"m\") {minPages} {Math.Min(maxPages, 65536)}))");
        var memory = instance.LinearMemory!;
        ulong start = (ulong)memory.Base;
        ulong committedEnd = start + (ulong)memory.SizeBytes;
        ulong reachEnd = start + LinearMemoryReservation.MaxAccessReach;
        ulong guardEnd = start + (ulong)memory.ReservedPages * WasmMemory.PageSize + LinearMemoryReservation.MinGuardBytes;
        Assert.True(memory.MappedBytes >= Math.Max(reachEnd, guardEnd) - start);

        var maps = ReadMappings();
        Assert.Equal("rw-p", PermissionsAt(maps, start));
        Assert.Equal("rw-p", PermissionsAt(maps, committedEnd - 1));
        // Pages past the size but inside the reservation may still be readable from an earlier user
        // of the pooled reservation (zeroed); they are this memory's own, with no gap to anyone else.
        ulong reservationEnd = start + (ulong)memory.ReservedPages * WasmMemory.PageSize;
        ulong address = committedEnd;
        while (address < reservationEnd) address = maps.Single(m => m.Start <= address && address < m.End).End;
        // From the end of the reservation to past the farthest reachable byte: mapped, PROT_NONE.
        address = Math.Min(address, Math.Max(reservationEnd, committedEnd));
        ulong end = Math.Max(reachEnd, guardEnd);
        while (address < end)
        {
            var mapping = maps.Single(m => m.Start <= address && address < m.End);
            Assert.Equal("---p", mapping.Permissions);
            address = mapping.End;
        }
    }

    [Fact]
    public void The_guard_is_at_least_the_largest_static_offset_plus_access_size()
    {
        Assert.True(LinearMemoryReservation.MinGuardBytes >= uint.MaxValue + 8UL);
        Assert.True(LinearMemoryReservation.MaxAccessReach >= 2UL * uint.MaxValue + 8);
        Assert.True(LinearMemoryReservation.MappingSize(0) >= LinearMemoryReservation.MaxAccessReach);
        Assert.Equal(65536UL * WasmMemory.PageSize + LinearMemoryReservation.MinGuardBytes, LinearMemoryReservation.MappingSize(65536));
    }

    private sealed record Mapping(ulong Start, ulong End, string Permissions);

    private static string PermissionsAt(List<Mapping> maps, ulong address) =>
        maps.Single(m => m.Start <= address && address < m.End).Permissions;

    private static List<Mapping> ReadMappings()
    {
        var result = new List<Mapping>();
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var fields = line.Split(' ', 3);
            var range = fields[0].Split('-');
            result.Add(new Mapping(
                ulong.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                ulong.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                fields[1]));
        }
        return result;
    }
}
