using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Binary;

public static partial class WasmDecoder
{
    private static void DecodeCustom(ref ModuleReader reader, DecodeContext context)
    {
        string name = reader.ReadName();
        int start = reader.Position;
        int length = reader.End - start;
        reader.Seek(reader.End);
        context.Module.CustomSections.Add(new CustomSection(name, new ReadOnlyMemory<byte>(context.Bytes, start, length)));
    }

    private static void DecodeTypes(ref ModuleReader reader, WasmModule module)
    {
        uint count = ReadLimitedCount(ref reader, 3, LimitNames.Types, ImplementationLimits.MaxTypes);
        for (uint i = 0; i < count; i++)
        {
            int at = reader.Position;
            if (reader.ReadByte() != 0x60) DecodeError.Throw(DecodeMessages.InvalidFuncType, at);
            var parameters = ReadValTypes(ref reader);
            var results = ReadValTypes(ref reader);
            module.Types.Add(new FuncType(parameters, results));
        }
    }

    private static ValType[] ReadValTypes(ref ModuleReader reader)
    {
        uint count = ReadLimitedCount(ref reader, 1, LimitNames.FunctionParameters, ImplementationLimits.MaxFunctionParameters);
        if (count == 0) return [];
        var types = new ValType[count];
        for (int i = 0; i < types.Length; i++) types[i] = reader.ReadValType();
        return types;
    }

    private static void DecodeImports(ref ModuleReader reader, WasmModule module)
    {
        uint count = ReadLimitedCount(ref reader, 4, LimitNames.Imports, ImplementationLimits.MaxImports);
        for (uint i = 0; i < count; i++)
        {
            string moduleName = reader.ReadName();
            string name = reader.ReadName();
            int kindAt = reader.Position;
            byte kind = reader.ReadByte();
            Import import = kind switch
            {
                0 => new Import(moduleName, name, ExternalKind.Function) { FunctionTypeIndex = reader.ReadU32() },
                1 => new Import(moduleName, name, ExternalKind.Table) { Table = ReadTableType(ref reader) },
                2 => new Import(moduleName, name, ExternalKind.Memory) { Memory = new MemoryType(ReadLimits(ref reader)) },
                3 => new Import(moduleName, name, ExternalKind.Global) { Global = ReadGlobalType(ref reader) },
                _ => ThrowBadKind(DecodeMessages.InvalidImportKind, kindAt),
            };
            module.Imports.Add(import);
        }
    }

    private static Import ThrowBadKind(string message, int offset)
    {
        DecodeError.Throw(message, offset);
        return null;
    }

    private static void DecodeFunctions(ref ModuleReader reader, WasmModule module)
    {
        int at = reader.Position;
        uint count = reader.ReadCount();
        ImplementationLimits.Check(LimitNames.Functions, ImplementationLimits.MaxFunctions, (long)count + module.ImportedFunctionCount, at);
        module.Functions.Capacity = (int)count;
        for (uint i = 0; i < count; i++) module.Functions.Add(reader.ReadU32());
    }

    private static void DecodeTables(ref ModuleReader reader, WasmModule module)
    {
        uint count = reader.ReadCount(minElementSize: 3);
        for (uint i = 0; i < count; i++) module.Tables.Add(ReadTableType(ref reader));
    }

    private static void DecodeMemories(ref ModuleReader reader, WasmModule module)
    {
        uint count = reader.ReadCount(minElementSize: 2);
        for (uint i = 0; i < count; i++) module.Memories.Add(new MemoryType(ReadLimits(ref reader)));
    }

    private static void DecodeGlobals(ref ModuleReader reader, WasmModule module)
    {
        int at = reader.Position;
        uint count = reader.ReadCount(minElementSize: 3);
        ImplementationLimits.Check(LimitNames.Globals, ImplementationLimits.MaxGlobals, (long)count + module.ImportedGlobalCount, at);
        for (uint i = 0; i < count; i++)
        {
            var type = ReadGlobalType(ref reader);
            module.Globals.Add(new Global(type, ReadConstExpr(ref reader)));
        }
    }

    private static void DecodeExports(ref ModuleReader reader, WasmModule module)
    {
        uint count = ReadLimitedCount(ref reader, 3, LimitNames.Exports, ImplementationLimits.MaxExports);
        for (uint i = 0; i < count; i++)
        {
            string name = reader.ReadName();
            int kindAt = reader.Position;
            byte kind = reader.ReadByte();
            if (kind > (byte)ExternalKind.Global) DecodeError.Throw(DecodeMessages.InvalidExportKind, kindAt);
            module.Exports.Add(new Export(name, (ExternalKind)kind, reader.ReadU32()));
        }
    }

    private static void DecodeElements(ref ModuleReader reader, WasmModule module)
    {
        uint count = ReadLimitedCount(ref reader, 3, LimitNames.ElementSegments, ImplementationLimits.MaxSegments);
        for (uint i = 0; i < count; i++)
        {
            uint table = reader.ReadU32();
            var offset = ReadConstExpr(ref reader);
            uint functionCount = reader.ReadCount();
            var functions = functionCount == 0 ? [] : new uint[functionCount];
            for (int f = 0; f < functions.Length; f++) functions[f] = reader.ReadU32();
            module.Elements.Add(new ElementSegment(table, offset, functions));
        }
    }

    private static void DecodeData(ref ModuleReader reader, DecodeContext context)
    {
        uint count = ReadLimitedCount(ref reader, 3, LimitNames.DataSegments, ImplementationLimits.MaxSegments);
        for (uint i = 0; i < count; i++)
        {
            uint memory = reader.ReadU32();
            var offset = ReadConstExpr(ref reader);
            var (start, length) = reader.ReadByteVector();
            context.Module.Data.Add(new DataSegment(memory, offset, new ReadOnlyMemory<byte>(context.Bytes, start, length)));
        }
    }

    private static void DecodeCode(ref ModuleReader reader, DecodeContext context)
    {
        uint count = reader.ReadCount(minElementSize: 2);
        var bodies = context.Module.Bodies;
        bodies.Capacity = (int)count;
        for (uint i = 0; i < count; i++)
        {
            int sizeAt = reader.Position;
            uint size = reader.ReadU32();
            if (size > (uint)reader.Remaining) DecodeError.Throw(DecodeMessages.LengthOutOfBounds, sizeAt);
            ImplementationLimits.Check(LimitNames.FunctionBodyBytes, ImplementationLimits.MaxFunctionBodyBytes, size, sizeAt);
            int bodyEnd = reader.Position + (int)size;
            int sectionEnd = reader.Limit(bodyEnd);
            var locals = ReadLocals(ref reader);
            int codeStart = reader.Position;
            reader.Seek(bodyEnd);
            reader.Limit(sectionEnd);
            // The instructions' structure is checked once every section is read (CheckBodies), in parallel.
            bodies.Add(new FunctionBody(locals, new ReadOnlyMemory<byte>(context.Bytes, codeStart, bodyEnd - codeStart), codeStart));
        }
    }

    private static LocalRun[] ReadLocals(ref ModuleReader reader)
    {
        uint runs = reader.ReadCount(minElementSize: 2);
        if (runs == 0) return [];
        var locals = new LocalRun[runs];
        ulong total = 0;
        int overAt = -1;
        for (int i = 0; i < locals.Length; i++)
        {
            int at = reader.Position;
            uint n = reader.ReadU32();
            total += n;
            // The spec caps the sum at 2^32-1 (malformed beyond); TenantDb caps it far lower
            // (an implementation limit) because the compiler gives each local a stack slot.
            if (total > uint.MaxValue) DecodeError.Throw(DecodeMessages.TooManyLocals, at);
            if (total > ImplementationLimits.MaxFunctionLocals && overAt < 0) overAt = at;
            locals[i] = new LocalRun(n, reader.ReadValType());
        }
        if (overAt >= 0) ImplementationLimits.Throw(LimitNames.FunctionLocals, ImplementationLimits.MaxFunctionLocals, (long)total, overAt);
        return locals;
    }

    /// <summary>A vector length that must also stay within an implementation limit.</summary>
    private static uint ReadLimitedCount(ref ModuleReader reader, int minElementSize, string limit, int maximum)
    {
        int at = reader.Position;
        uint count = reader.ReadCount(minElementSize);
        ImplementationLimits.Check(limit, maximum, count, at);
        return count;
    }

    private static TableType ReadTableType(ref ModuleReader reader)
    {
        int at = reader.Position;
        if (reader.ReadByte() != (byte)ValType.FuncRef) DecodeError.Throw(DecodeMessages.InvalidElementType, at);
        return new TableType(ValType.FuncRef, ReadLimits(ref reader));
    }

    private static Limits ReadLimits(ref ModuleReader reader)
    {
        int at = reader.Position;
        byte flags = reader.ReadByte();
        if (flags > 1) DecodeError.Throw(DecodeMessages.InvalidLimitsFlag, at);
        uint min = reader.ReadU32();
        return flags == 1 ? new Limits(min, reader.ReadU32()) : new Limits(min, null);
    }

    private static GlobalType ReadGlobalType(ref ModuleReader reader)
    {
        var type = reader.ReadValType();
        int at = reader.Position;
        byte mutability = reader.ReadByte();
        if (mutability > 1) DecodeError.Throw(DecodeMessages.InvalidMutability, at);
        return new GlobalType(type, mutability == 1);
    }
}
