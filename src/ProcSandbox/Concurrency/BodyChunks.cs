using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Concurrency;

/// <summary>Cuts a module's function bodies into chunks of consecutive bodies, the units of parallel validation and compilation.</summary>
internal static class BodyChunks
{
    /// <summary>
    /// The first body of every chunk, then the body count: consecutive bodies until a chunk holds at least
    /// <paramref name="chunkWasmBytes"/> bytes of code. Depends on the bodies alone, never on the thread count.
    /// </summary>
    public static int[] Partition(IReadOnlyList<FunctionBody> bodies, int chunkWasmBytes)
    {
        var starts = new List<int> { 0 };
        long inChunk = 0;
        for (int i = 0; i < bodies.Count; i++)
        {
            if (i > 0 && inChunk >= chunkWasmBytes)
            {
                starts.Add(i);
                inChunk = 0;
            }
            inChunk += bodies[i].Code.Length;
        }
        starts.Add(bodies.Count);
        return [.. starts];
    }
}
