using System.Text;
using TenantDb.ProcSandbox.Errors;
using TenantDb.ProcSandbox.Module;

namespace TenantDb.ProcSandbox.Text;

/// <summary>
/// Turns the fields of one text module into its binary encoding. Pass 1 (<see cref="Declare"/>)
/// walks the fields in order, assigning indices and names in every index space and recording
/// what each field defines; pass 2 (<see cref="Resolve"/>) resolves type uses (creating implicit
/// types in text order), references and function bodies; then <see cref="Emit"/> writes the sections.
/// </summary>
internal sealed partial class WatModuleBuilder
{
    private readonly List<FuncType> _types = [];
    private readonly WatIndexSpace _typeSpace = new("type");
    private readonly WatIndexSpace _funcSpace = new("func");
    private readonly WatIndexSpace _tableSpace = new("table");
    private readonly WatIndexSpace _memorySpace = new("memory");
    private readonly WatIndexSpace _globalSpace = new("global");

    private readonly List<ImportEntry> _imports = [];
    private readonly List<FuncEntry> _funcs = [];
    private readonly List<TableType> _tables = [];
    private readonly List<MemoryType> _memories = [];
    private readonly List<GlobalEntry> _globals = [];
    private readonly List<ExportEntry> _exports = [];
    private readonly List<ElemEntry> _elems = [];
    private readonly List<DataEntry> _datas = [];
    private SExpr? _start;
    private uint _startIndex;
    /// <summary>The kind of the first function/table/memory/global definition seen, if any.</summary>
    private string? _firstDefinition;

    /// <summary>Encodes the module made of <paramref name="fields"/> (the items of <c>(module ...)</c> after its name).</summary>
    public static byte[] Build(IReadOnlyList<SExpr> fields)
    {
        var builder = new WatModuleBuilder();
        foreach (var field in fields)
        {
            if (!field.IsList) throw field.Error($"unexpected token {field}, expected a module field");
        }
        foreach (var field in fields) builder.DeclareTypeField(field);
        foreach (var field in fields) builder.Declare(field);
        builder.Resolve();
        return builder.Emit();
    }

    private sealed class ImportEntry(string module, string name, ExternalKind kind)
    {
        public string Module { get; } = module;
        public string Name { get; } = name;
        public ExternalKind Kind { get; } = kind;
        public FuncEntry? Func { get; init; }
        public TableType Table { get; init; }
        public MemoryType Memory { get; init; }
        public GlobalType Global { get; init; }
    }

    /// <summary>A function (imported or defined): where its type use starts, and once resolved, its type and body.</summary>
    private sealed class FuncEntry(SExpr field, int typeUseStart)
    {
        public SExpr Field { get; } = field;
        public int TypeUseStart { get; } = typeUseStart;
        public uint TypeIndex { get; set; }
        public byte[]? Body { get; set; }
    }

    private sealed class GlobalEntry(GlobalType type, SExpr field, int initStart)
    {
        public GlobalType Type { get; } = type;
        public SExpr Field { get; } = field;
        public int InitStart { get; } = initStart;
        public byte[]? Init { get; set; }
    }

    private sealed class ExportEntry(string name, ExternalKind kind, SExpr? reference, uint index)
    {
        public string Name { get; } = name;
        public ExternalKind Kind { get; } = kind;
        public SExpr? Reference { get; } = reference;
        public uint Index { get; set; } = index;
    }

    /// <summary>An element segment; <see cref="Offset"/> holds the offset expression's instructions.</summary>
    private sealed class ElemEntry(SExpr? table, uint tableIndex, List<SExpr> offset, List<SExpr> functions)
    {
        public SExpr? Table { get; } = table;
        public uint TableIndex { get; set; } = tableIndex;
        public List<SExpr> Offset { get; } = offset;
        public List<SExpr> Functions { get; } = functions;
        public byte[]? OffsetCode { get; set; }
        public uint[]? FunctionIndices { get; set; }
    }

    private sealed class DataEntry(SExpr? memory, uint memoryIndex, List<SExpr> offset, byte[] bytes)
    {
        public SExpr? Memory { get; } = memory;
        public uint MemoryIndex { get; set; } = memoryIndex;
        public List<SExpr> Offset { get; } = offset;
        public byte[] Bytes { get; } = bytes;
        public byte[]? OffsetCode { get; set; }
    }

    // ---- pass 1 -------------------------------------------------------------------------------

    /// <summary>Explicit type definitions come first so implicit types (appended later) never shadow them.</summary>
    private void DeclareTypeField(SExpr field)
    {
        if (field.Head != "type") return;
        var items = field.Items;
        int i = 1;
        SExpr? id = TakeId(items, ref i);
        if (i >= items.Count || !items[i].IsListOf("func")) throw ErrorAt(field, i, "expected (func ...) in type definition");
        var func = items[i];
        int j = 1;
        var type = ParseSignature(func, ref j, allowNames: true, out _);
        if (j != func.Items.Count) throw func.Items[j].Error($"unexpected token {func.Items[j]}");
        if (i + 1 != items.Count) throw items[i + 1].Error($"unexpected token {items[i + 1]}");
        _typeSpace.Declare(id);
        _types.Add(type);
    }

    private void Declare(SExpr field)
    {
        switch (field.Head)
        {
            case "type": return;
            case "import": DeclareImport(field); return;
            case "func": DeclareFunc(field); return;
            case "table": DeclareTable(field); return;
            case "memory": DeclareMemory(field); return;
            case "global": DeclareGlobal(field); return;
            case "export": DeclareExport(field); return;
            case "start": DeclareStart(field); return;
            case "elem": DeclareElem(field); return;
            case "data": DeclareData(field); return;
            default:
                throw field.Error(field.Head is null ? "unexpected token, expected a module field" : $"unknown module field {field.Head}");
        }
    }

    private void DeclareImport(SExpr field)
    {
        var items = field.Items;
        if (items.Count != 4 || !items[1].IsString || !items[2].IsString || !items[3].IsList)
        {
            throw field.Error("malformed import: expected (import \"module\" \"name\" (kind ...))");
        }
        string module = ToName(items[1]), name = ToName(items[2]);
        var desc = items[3];
        CheckImportOrder(field);
        var d = desc.Items;
        int i = 1;
        SExpr? id = TakeId(d, ref i);
        switch (desc.Head)
        {
            case "func":
                {
                    var func = new FuncEntry(desc, i);
                    _funcSpace.Declare(id);
                    _imports.Add(new ImportEntry(module, name, ExternalKind.Function) { Func = func });
                    return;
                }
            case "table":
                _tableSpace.Declare(id);
                _imports.Add(new ImportEntry(module, name, ExternalKind.Table) { Table = ParseTableType(desc, ref i) });
                break;
            case "memory":
                _memorySpace.Declare(id);
                _imports.Add(new ImportEntry(module, name, ExternalKind.Memory) { Memory = new MemoryType(ParseLimits(desc, ref i)) });
                break;
            case "global":
                _globalSpace.Declare(id);
                _imports.Add(new ImportEntry(module, name, ExternalKind.Global) { Global = ParseGlobalType(desc, ref i) });
                break;
            default:
                throw desc.Error($"unexpected token {desc.Head}, expected an import kind");
        }
        ExpectEnd(desc, i);
    }

    /// <summary>Imports must precede every definition; the message names that definition, as the spec's do.</summary>
    private void CheckImportOrder(SExpr field)
    {
        if (_firstDefinition is not null) throw field.Error($"import after {_firstDefinition}: imports must come before all definitions");
    }

    private void DeclareFunc(SExpr field)
    {
        var items = field.Items;
        int i = 1;
        SExpr? id = TakeId(items, ref i);
        uint index = _funcSpace.Count;
        TakeInlineExports(items, ref i, ExternalKind.Function, index);
        if (TryTakeInlineImport(field, ref i, out string module, out string name))
        {
            _funcSpace.Declare(id);
            _imports.Add(new ImportEntry(module, name, ExternalKind.Function) { Func = new FuncEntry(field, i) });
            return;
        }
        _firstDefinition ??= "function";
        _funcSpace.Declare(id);
        _funcs.Add(new FuncEntry(field, i));
    }

    private void DeclareTable(SExpr field)
    {
        var items = field.Items;
        int i = 1;
        SExpr? id = TakeId(items, ref i);
        uint index = _tableSpace.Count;
        TakeInlineExports(items, ref i, ExternalKind.Table, index);
        if (TryTakeInlineImport(field, ref i, out string module, out string name))
        {
            _tableSpace.Declare(id);
            _imports.Add(new ImportEntry(module, name, ExternalKind.Table) { Table = ParseTableType(field, ref i) });
            ExpectEnd(field, i);
            return;
        }
        _firstDefinition ??= "table";
        _tableSpace.Declare(id);
        if (i < items.Count && items[i].IsAtom && IsElemTypeKeyword(items[i].Text))
        {
            // (table funcref (elem f*)): a table exactly as large as the segment, filled from 0.
            i++;
            if (i >= items.Count || !items[i].IsListOf("elem")) throw ErrorAt(field, i, "expected (elem ...) after table element type");
            var elem = items[i];
            var functions = elem.Items.GetRange(1, elem.Items.Count - 1);
            uint count = (uint)functions.Count;
            _tables.Add(new TableType(ValType.FuncRef, new Limits(count, count)));
            _elems.Add(new ElemEntry(null, index, [ZeroOffset(elem)], functions));
            ExpectEnd(field, i + 1);
            return;
        }
        _tables.Add(ParseTableType(field, ref i));
        ExpectEnd(field, i);
    }

    private void DeclareMemory(SExpr field)
    {
        var items = field.Items;
        int i = 1;
        SExpr? id = TakeId(items, ref i);
        uint index = _memorySpace.Count;
        TakeInlineExports(items, ref i, ExternalKind.Memory, index);
        if (TryTakeInlineImport(field, ref i, out string module, out string name))
        {
            _memorySpace.Declare(id);
            _imports.Add(new ImportEntry(module, name, ExternalKind.Memory) { Memory = new MemoryType(ParseLimits(field, ref i)) });
            ExpectEnd(field, i);
            return;
        }
        _firstDefinition ??= "memory";
        _memorySpace.Declare(id);
        if (i < items.Count && items[i].IsListOf("data"))
        {
            // (memory (data "...")): a memory exactly large enough for the bytes, filled from 0.
            var data = items[i];
            byte[] bytes = ConcatStrings(data, 1);
            uint pages = (uint)((bytes.Length + 65535L) / 65536);
            _memories.Add(new MemoryType(new Limits(pages, pages)));
            _datas.Add(new DataEntry(null, index, [ZeroOffset(data)], bytes));
            ExpectEnd(field, i + 1);
            return;
        }
        _memories.Add(new MemoryType(ParseLimits(field, ref i)));
        ExpectEnd(field, i);
    }

    private void DeclareGlobal(SExpr field)
    {
        var items = field.Items;
        int i = 1;
        SExpr? id = TakeId(items, ref i);
        uint index = _globalSpace.Count;
        TakeInlineExports(items, ref i, ExternalKind.Global, index);
        if (TryTakeInlineImport(field, ref i, out string module, out string name))
        {
            _globalSpace.Declare(id);
            _imports.Add(new ImportEntry(module, name, ExternalKind.Global) { Global = ParseGlobalType(field, ref i) });
            ExpectEnd(field, i);
            return;
        }
        _firstDefinition ??= "global";
        _globalSpace.Declare(id);
        var type = ParseGlobalType(field, ref i);
        _globals.Add(new GlobalEntry(type, field, i));
    }

    private void DeclareExport(SExpr field)
    {
        var items = field.Items;
        if (items.Count != 3 || !items[1].IsString || !items[2].IsList || items[2].Items.Count != 2)
        {
            throw field.Error("malformed export: expected (export \"name\" (kind index))");
        }
        var desc = items[2];
        var kind = desc.Head switch
        {
            "func" => ExternalKind.Function,
            "table" => ExternalKind.Table,
            "memory" => ExternalKind.Memory,
            "global" => ExternalKind.Global,
            _ => throw desc.Error($"unexpected token {desc.Head}, expected an export kind"),
        };
        _exports.Add(new ExportEntry(ToName(items[1]), kind, desc.Items[1], 0));
    }

    private void DeclareStart(SExpr field)
    {
        if (_start is not null) throw field.Error("multiple start sections");
        if (field.Items.Count != 2) throw field.Error("malformed start: expected (start funcidx)");
        _start = field.Items[1];
    }

    private void DeclareElem(SExpr field)
    {
        var items = field.Items;
        int i = 1;
        SExpr? table = null;
        if (i < items.Count && items[i].IsListOf("table") && items[i].Items.Count == 2)
        {
            table = items[i].Items[1];
            i++;
        }
        else if (i < items.Count && WatIndexSpace.IsReference(items[i]))
        {
            table = items[i++];
        }
        var offset = TakeOffset(field, ref i);
        if (i < items.Count && items[i].IsKeyword("func")) i++;
        _elems.Add(new ElemEntry(table, 0, offset, items.GetRange(i, items.Count - i)));
    }

    private void DeclareData(SExpr field)
    {
        var items = field.Items;
        int i = 1;
        SExpr? memory = null;
        if (i < items.Count && items[i].IsListOf("memory") && items[i].Items.Count == 2)
        {
            memory = items[i].Items[1];
            i++;
        }
        else if (i < items.Count && WatIndexSpace.IsReference(items[i]))
        {
            memory = items[i++];
        }
        var offset = TakeOffset(field, ref i);
        _datas.Add(new DataEntry(memory, 0, offset, ConcatStrings(field, i)));
    }

    /// <summary>(offset instr*) or a single folded instruction.</summary>
    private static List<SExpr> TakeOffset(SExpr field, ref int i)
    {
        var items = field.Items;
        if (i >= items.Count || !items[i].IsList) throw ErrorAt(field, i, "expected an offset expression");
        var offset = items[i++];
        return offset.Head == "offset" ? offset.Items.GetRange(1, offset.Items.Count - 1) : [offset];
    }

    private static SExpr ZeroOffset(SExpr at)
    {
        var tokenConst = new WatToken(WatTokenKind.Atom, "i32.const", null, at.Line, at.Column);
        var tokenZero = new WatToken(WatTokenKind.Atom, "0", null, at.Line, at.Column);
        return SExpr.List([SExpr.Atom(tokenConst), SExpr.Atom(tokenZero)], at.Line, at.Column);
    }

    private void TakeInlineExports(List<SExpr> items, ref int i, ExternalKind kind, uint index)
    {
        while (i < items.Count && items[i].IsListOf("export"))
        {
            var export = items[i];
            if (export.Items.Count != 2 || !export.Items[1].IsString) throw export.Error("malformed inline export: expected (export \"name\")");
            _exports.Add(new ExportEntry(ToName(export.Items[1]), kind, null, index));
            i++;
        }
    }

    private bool TryTakeInlineImport(SExpr field, ref int i, out string module, out string name)
    {
        module = name = "";
        var items = field.Items;
        if (i >= items.Count || !items[i].IsListOf("import")) return false;
        var import = items[i];
        if (import.Items.Count != 3 || !import.Items[1].IsString || !import.Items[2].IsString)
        {
            throw import.Error("malformed inline import: expected (import \"module\" \"name\")");
        }
        CheckImportOrder(field);
        module = ToName(import.Items[1]);
        name = ToName(import.Items[2]);
        i++;
        return true;
    }

    private static SExpr? TakeId(List<SExpr> items, ref int i)
    {
        if (i < items.Count && items[i].IsId) return items[i++];
        return null;
    }

    private static byte[] ConcatStrings(SExpr list, int start)
    {
        var bytes = new List<byte>();
        for (int i = start; i < list.Items.Count; i++)
        {
            var item = list.Items[i];
            if (!item.IsString) throw item.Error($"unexpected token {item}, expected a string");
            bytes.AddRange(item.Bytes!);
        }
        return [.. bytes];
    }

    /// <summary>Names (imports, exports) must be valid UTF-8.</summary>
    internal static string ToName(SExpr str)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(str.Bytes!);
        }
        catch (DecoderFallbackException)
        {
            throw str.Error("malformed UTF-8 encoding");
        }
    }

    private static void ExpectEnd(SExpr list, int i)
    {
        if (i < list.Items.Count) throw list.Items[i].Error($"unexpected token {list.Items[i]}");
    }

    private static WatParseException ErrorAt(SExpr list, int i, string message) =>
        i < list.Items.Count ? list.Items[i].Error(message) : list.Error(message);
}
