using TenantDb.ProcSandbox.Concurrency;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Binary;

public static partial class WasmDecoder
{
    /// <summary>Body bytes per unit of parallel structure checking (several chunks are needed before a helper thread is worth it).</summary>
    internal const int StructureChunkBytes = 32 * 1024;

    /// <summary>
    /// Checks the instructions of every body read (<see cref="CheckBodyStructure"/>) once the sections are read, or when
    /// reading them failed after the code section: chunks of consecutive bodies on every processor when there are several.
    /// The error reported is the first malformed body's, and it comes before any error found after the bodies were read,
    /// so the outcome is that of checking each body as it is read: every error lies earlier in the binary than the
    /// bytes read after it.
    /// </summary>
    private static void CheckBodies(DecodeContext context)
    {
        if (context.BodiesChecked) return;
        context.BodiesChecked = true;
        var module = context.Module;
        var bodies = module.Bodies;
        var chunkStarts = BodyChunks.Partition(bodies, StructureChunkBytes);
        int chunks = chunkStarts.Length - 1;
        if (chunks <= 1 || Environment.ProcessorCount == 1)
        {
            CheckBodyRange(bodies, 0, bodies.Count, context.Blocks);
            return;
        }
        // A chunk checked twice (the caller rerunning a descheduled helper's, see ParallelWork) writes the same flags.
        var work = ParallelWork<List<byte>>.Run(chunks, Environment.ProcessorCount, () => [],
            (blocks, c) => CheckBodyRange(bodies, chunkStarts[c], chunkStarts[c + 1], blocks), rerunStragglers: true);
        module.DecodeHelperAllocatedBytes = work.HelperAllocatedBytes;
        work.ThrowIfFailed();
    }

    /// <summary>Checks bodies [<paramref name="first"/>, <paramref name="end"/>) in order and records which have loops.</summary>
    private static void CheckBodyRange(List<FunctionBody> bodies, int first, int end, List<byte> blocks)
    {
        for (int i = first; i < end; i++)
        {
            var body = bodies[i];
            body.MayHaveLoop = CheckBodyStructure(body.Code.Span, body.CodeOffset, blocks);
        }
    }
}
