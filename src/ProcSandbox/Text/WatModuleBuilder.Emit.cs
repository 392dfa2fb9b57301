using System.Text;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Text;

/// <summary>Pass 2 (resolution) and the binary encoding of the sections.</summary>
internal sealed partial class WatModuleBuilder
{
    private void Resolve()
    {
        // Text order: imported function type uses, then each defined function's type use and body,
        // so implicit types get the indices the spec (and wat2wasm) give them.
        foreach (var import in _imports)
        {
            if (import.Func is not { } func) continue;
            int i = func.TypeUseStart;
            func.TypeIndex = ResolveTypeUse(func.Field, ref i, allowNames: true, out _, out _);
            ExpectEnd(func.Field, i);
        }
        foreach (var func in _funcs) func.Body = EncodeFunction(func);
        foreach (var global in _globals) global.Init = EncodeExpression(global.Field.Items, global.InitStart);
        foreach (var export in _exports)
        {
            if (export.Reference is not { } reference) continue;
            export.Index = SpaceOf(export.Kind).Resolve(reference);
        }
        if (_start is not null) _startIndex = _funcSpace.Resolve(_start);
        foreach (var elem in _elems)
        {
            if (elem.Table is not null) elem.TableIndex = _tableSpace.Resolve(elem.Table);
            elem.OffsetCode = EncodeExpression(elem.Offset, 0);
            var indices = new uint[elem.Functions.Count];
            for (int k = 0; k < indices.Length; k++) indices[k] = _funcSpace.Resolve(elem.Functions[k]);
            elem.FunctionIndices = indices;
        }
        foreach (var data in _datas)
        {
            if (data.Memory is not null) data.MemoryIndex = _memorySpace.Resolve(data.Memory);
            data.OffsetCode = EncodeExpression(data.Offset, 0);
        }
    }

    private WatIndexSpace SpaceOf(ExternalKind kind) => kind switch
    {
        ExternalKind.Function => _funcSpace,
        ExternalKind.Table => _tableSpace,
        ExternalKind.Memory => _memorySpace,
        _ => _globalSpace,
    };

    private byte[] Emit()
    {
        var module = new WasmBinaryWriter();
        module.WriteBytes([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]);
        var section = new WasmBinaryWriter();

        if (_types.Count > 0)
        {
            section.WriteU32((uint)_types.Count);
            foreach (var type in _types)
            {
                section.WriteByte(0x60);
                WriteValTypes(section, type.Parameters);
                WriteValTypes(section, type.Results);
            }
            Flush(module, 1, section);
        }
        if (_imports.Count > 0)
        {
            section.WriteU32((uint)_imports.Count);
            foreach (var import in _imports)
            {
                WriteName(section, import.Module);
                WriteName(section, import.Name);
                section.WriteByte((byte)import.Kind);
                switch (import.Kind)
                {
                    case ExternalKind.Function: section.WriteU32(import.Func!.TypeIndex); break;
                    case ExternalKind.Table: WriteTableType(section, import.Table); break;
                    case ExternalKind.Memory: WriteLimits(section, import.Memory.Limits); break;
                    default: WriteGlobalType(section, import.Global); break;
                }
            }
            Flush(module, 2, section);
        }
        if (_funcs.Count > 0)
        {
            section.WriteU32((uint)_funcs.Count);
            foreach (var func in _funcs) section.WriteU32(func.TypeIndex);
            Flush(module, 3, section);
        }
        if (_tables.Count > 0)
        {
            section.WriteU32((uint)_tables.Count);
            foreach (var table in _tables) WriteTableType(section, table);
            Flush(module, 4, section);
        }
        if (_memories.Count > 0)
        {
            section.WriteU32((uint)_memories.Count);
            foreach (var memory in _memories) WriteLimits(section, memory.Limits);
            Flush(module, 5, section);
        }
        if (_globals.Count > 0)
        {
            section.WriteU32((uint)_globals.Count);
            foreach (var global in _globals)
            {
                WriteGlobalType(section, global.Type);
                section.WriteBytes(global.Init);
            }
            Flush(module, 6, section);
        }
        if (_exports.Count > 0)
        {
            section.WriteU32((uint)_exports.Count);
            foreach (var export in _exports)
            {
                WriteName(section, export.Name);
                section.WriteByte((byte)export.Kind);
                section.WriteU32(export.Index);
            }
            Flush(module, 7, section);
        }
        if (_start is not null)
        {
            section.WriteU32(_startIndex);
            Flush(module, 8, section);
        }
        if (_elems.Count > 0)
        {
            section.WriteU32((uint)_elems.Count);
            foreach (var elem in _elems)
            {
                section.WriteU32(elem.TableIndex);
                section.WriteBytes(elem.OffsetCode);
                section.WriteU32((uint)elem.FunctionIndices!.Length);
                foreach (uint f in elem.FunctionIndices) section.WriteU32(f);
            }
            Flush(module, 9, section);
        }
        if (_funcs.Count > 0)
        {
            section.WriteU32((uint)_funcs.Count);
            foreach (var func in _funcs) section.WriteVector(func.Body);
            Flush(module, 10, section);
        }
        if (_datas.Count > 0)
        {
            section.WriteU32((uint)_datas.Count);
            foreach (var data in _datas)
            {
                section.WriteU32(data.MemoryIndex);
                section.WriteBytes(data.OffsetCode);
                section.WriteVector(data.Bytes);
            }
            Flush(module, 11, section);
        }
        return module.ToArray();
    }

    private static void Flush(WasmBinaryWriter module, byte id, WasmBinaryWriter section)
    {
        module.WriteSection(id, section);
        section.Clear();
    }

    private static void WriteValTypes(WasmBinaryWriter writer, ValType[] types)
    {
        writer.WriteU32((uint)types.Length);
        foreach (var type in types) writer.WriteByte((byte)type);
    }

    private static void WriteName(WasmBinaryWriter writer, string name) => writer.WriteVector(Encoding.UTF8.GetBytes(name));

    private static void WriteLimits(WasmBinaryWriter writer, Limits limits)
    {
        writer.WriteByte(limits.Max is null ? (byte)0 : (byte)1);
        writer.WriteU32(limits.Min);
        if (limits.Max is uint max) writer.WriteU32(max);
    }

    private static void WriteTableType(WasmBinaryWriter writer, TableType table)
    {
        writer.WriteByte((byte)table.ElementType);
        WriteLimits(writer, table.Limits);
    }

    private static void WriteGlobalType(WasmBinaryWriter writer, GlobalType global)
    {
        writer.WriteByte((byte)global.Type);
        writer.WriteByte(global.Mutable ? (byte)1 : (byte)0);
    }
}
