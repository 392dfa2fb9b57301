using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Binary;

/// <summary>
/// Decodes a WebAssembly 1.0 binary module (plus sign-extension operators, mutable-global
/// import/export and the data count section) into a <see cref="WasmModule"/>.
/// Decoding checks everything the spec calls "malformed": header, section order and sizes, strict
/// LEB128, UTF-8 names, opcodes and immediates, block structure of every body and constant
/// expression. It does not check validity (types, indices); that is <c>WasmValidator</c>'s job.
/// It also enforces the counts and sizes of <see cref="ImplementationLimits"/> as it reads them.
/// Whatever the input, the only exceptions it throws are <see cref="WasmMalformedException"/> and
/// <see cref="WasmLimitException"/>.
/// </summary>
public static partial class WasmDecoder
{
    private static ReadOnlySpan<byte> Magic => [0x00, 0x61, 0x73, 0x6D];
    private static ReadOnlySpan<byte> Version => [0x01, 0x00, 0x00, 0x00];

    /// <summary>Decodes <paramref name="bytes"/>. The module keeps its own copy of the bytes.</summary>
    /// <exception cref="WasmMalformedException">The bytes are not a well-formed module.</exception>
    /// <exception cref="WasmLimitException">The module exceeds one of <see cref="ImplementationLimits"/>.</exception>
    public static WasmModule Decode(ReadOnlySpan<byte> bytes)
    {
        ImplementationLimits.Check(LimitNames.ModuleBytes, ImplementationLimits.MaxModuleBytes, bytes.Length, 0);
        // One copy: bodies, data segments and custom sections are slices of it.
        byte[] owned = bytes.ToArray();
        return DecodeOwned(owned);
    }

    private static WasmModule DecodeOwned(byte[] owned)
    {
        var module = new WasmModule();
        var reader = new ModuleReader(owned);
        if (!reader.ReadBytes(Math.Min(4, reader.Remaining)).SequenceEqual(Magic))
        {
            DecodeError.Throw(owned.Length < 4 ? DecodeMessages.UnexpectedEnd : DecodeMessages.MagicHeader, 0);
        }
        if (!reader.ReadBytes(Math.Min(4, reader.Remaining)).SequenceEqual(Version))
        {
            DecodeError.Throw(owned.Length < 8 ? DecodeMessages.UnexpectedEnd : DecodeMessages.UnknownVersion, 4);
        }

        var context = new DecodeContext(owned, module);
        try
        {
            DecodeSections(ref reader, context);
        }
        catch (Exception error) when (error is WasmMalformedException or WasmLimitException)
        {
            // A body read before the failing byte may be malformed itself: its error comes first, as in a serial read.
            CheckBodies(context);
            throw;
        }
        CheckBodies(context);

        if (module.Functions.Count != module.Bodies.Count)
        {
            DecodeError.Throw(DecodeMessages.FunctionCodeMismatch, owned.Length);
        }
        if (module.DataCount is uint dataCount && dataCount != (uint)module.Data.Count)
        {
            DecodeError.Throw(DecodeMessages.DataCountMismatch, owned.Length);
        }
        return module;
    }

    private static void DecodeSections(ref ModuleReader reader, DecodeContext context)
    {
        var module = context.Module;
        int lastRank = 0;
        while (!reader.AtEnd)
        {
            int sectionStart = reader.Position;
            byte id = reader.ReadByte();
            if (id > (byte)SectionId.DataCount) DecodeError.Throw(DecodeMessages.InvalidSectionId, sectionStart);
            int sizeAt = reader.Position;
            uint size = reader.ReadU32();
            if (size > (uint)reader.Remaining) DecodeError.Throw(DecodeMessages.LengthOutOfBounds, sizeAt);
            int sectionEnd = reader.Position + (int)size;

            if (id != (byte)SectionId.Custom)
            {
                int rank = Rank((SectionId)id);
                if (rank <= lastRank) DecodeError.Throw(DecodeMessages.JunkAfterLastSection, sectionStart);
                lastRank = rank;
            }

            module.SectionOffsets[id] = sectionStart;
            int outerEnd = reader.Limit(sectionEnd);
            DecodeSection(ref reader, (SectionId)id, context);
            if (reader.Position != sectionEnd) DecodeError.Throw(DecodeMessages.SectionSizeMismatch, reader.Position);
            reader.Limit(outerEnd);
        }
    }

    /// <summary>Position of a non-custom section in the required order (data count sits between element and code).</summary>
    private static int Rank(SectionId id) => id switch
    {
        SectionId.DataCount => 2 * (int)SectionId.Element + 1,
        _ => 2 * (int)id,
    };

    private static void DecodeSection(ref ModuleReader reader, SectionId id, DecodeContext context)
    {
        var module = context.Module;
        switch (id)
        {
            case SectionId.Custom: DecodeCustom(ref reader, context); break;
            case SectionId.Type: DecodeTypes(ref reader, module); break;
            case SectionId.Import: DecodeImports(ref reader, module); break;
            case SectionId.Function: DecodeFunctions(ref reader, module); break;
            case SectionId.Table: DecodeTables(ref reader, module); break;
            case SectionId.Memory: DecodeMemories(ref reader, module); break;
            case SectionId.Global: DecodeGlobals(ref reader, module); break;
            case SectionId.Export: DecodeExports(ref reader, module); break;
            case SectionId.Start: module.Start = reader.ReadU32(); break;
            case SectionId.Element: DecodeElements(ref reader, module); break;
            case SectionId.DataCount: module.DataCount = reader.ReadU32(); break;
            case SectionId.Code: DecodeCode(ref reader, context); break;
            case SectionId.Data: DecodeData(ref reader, context); break;
        }
    }

    /// <summary>State shared by the section decoders of one module.</summary>
    private sealed class DecodeContext(byte[] bytes, WasmModule module)
    {
        public byte[] Bytes { get; } = bytes;
        public WasmModule Module { get; } = module;
        /// <summary>Reused block-structure stack for body scans on the decoding thread (one byte per open block).</summary>
        public List<byte> Blocks { get; } = [];
        /// <summary>Whether <see cref="CheckBodies"/> has run.</summary>
        public bool BodiesChecked { get; set; }
    }
}
