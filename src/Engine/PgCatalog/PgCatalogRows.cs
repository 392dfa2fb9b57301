using System.Text;

namespace TenantDb.Engine.PgCatalog;

/// <summary>
/// Turns a <see cref="PgSchemaModel"/> into the rows of every catalog relation. Values are what a
/// PostgreSQL 15 server shows for the same schema wherever SQLite knows the answer; booleans are 1/0
/// (the relations' <c>bool</c> columns send them as t/f), arrays are PostgreSQL array literals.
/// </summary>
internal static class PgCatalogRows
{
    private const string Public = "public";

    /// <summary>pg_proc's OID of array_recv: clients (Npgsql's type loader) tell arrays by their receive function.</summary>
    private const uint ArrayReceive = 2400;

    public static Dictionary<PgCatalogTable, List<object?[]>> Build(PgSchemaModel model, string tenant, PgSessionInfo session)
    {
        var rows = new Dictionary<PgCatalogTable, List<object?[]>>();
        foreach (var table in PgCatalogTables.All) rows[table] = [];

        AddFixedRows(rows, tenant, session);
        foreach (var relation in model.Relations.Values)
        {
            AddRelation(rows, model, relation, tenant);
        }

        foreach (var index in model.Indexes)
        {
            var keys = string.Join(' ', index.Keys);
            var options = string.Join(' ', index.Descending.Select(d => d ? "3" : "0"));
            var collations = string.Join(' ', index.Keys.Select(k => k > 0 && k <= index.Table.Columns.Count && IsCollatable(index.Table.Columns[k - 1].Type.TypeOid) ? "100" : "0"));
            rows[PgCatalogTables.Index].Add([
                index.Relation.Oid, index.Table.Oid, index.Keys.Count, index.Keys.Count, index.Unique, false,
                index.Primary, false, true, false, true, false, true, true, false, keys,
                collations, string.Join(' ', index.Keys.Select(_ => "0")), options, null, index.Partial ? "(partial)" : null]);
        }

        foreach (var constraint in model.Constraints.Values)
        {
            AddConstraint(rows, constraint, tenant);
        }

        foreach (var (sequence, state) in model.StoredSequences)
        {
            rows[PgCatalogTables.Sequence].Add([sequence.Oid, PgBuiltinTypes.Int8, state.Start, state.Increment, state.MaxValue, state.MinValue, 1L, state.Cycle]);
        }

        foreach (var (sequence, table, column, owned) in model.Sequences)
        {
            if (!model.StoredSequences.ContainsKey(sequence))
            {
                uint type = table.Columns[column - 1].Type.TypeOid;
                long max = type switch { PgBuiltinTypes.Int2 => short.MaxValue, PgBuiltinTypes.Int8 => long.MaxValue, _ => int.MaxValue };
                rows[PgCatalogTables.Sequence].Add([sequence.Oid, type, 1L, 1L, max, 1L, 1L, false]);
            }

            // As in PostgreSQL: the column's default needs the sequence, and an owned sequence is owned by the column.
            uint attrDef = AttrDefOid(table, table.Columns[column - 1]);
            rows[PgCatalogTables.Depend].Add([PgObjectId.SystemRelations["pg_attrdef"], attrDef, 0, PgObjectId.SystemRelations["pg_class"], sequence.Oid, 0, "n"]);
            if (owned) rows[PgCatalogTables.Depend].Add([PgObjectId.SystemRelations["pg_class"], sequence.Oid, 0, PgObjectId.SystemRelations["pg_class"], table.Oid, (int)column, "a"]);
        }

        foreach (var (oid, table, name, _) in model.Triggers)
        {
            rows[PgCatalogTables.Trigger].Add([oid, table, 0, name, 0, 0, "O", false, 0, 0, 0, false, false, 0, "", null, null, null, null]);
        }

        foreach (var procedure in model.Procedures.Values)
        {
            AddProcedure(rows, procedure);
        }

        foreach (var (oid, name) in model.Roles)
        {
            bool canLogin = oid is not (PgObjectId.OwnerRole or PgObjectId.DatabaseOwnerRole);
            rows[PgCatalogTables.Roles].Add([name, false, true, false, false, canLogin, false, -1, "********", null, false, null, oid]);
            if (canLogin)
            {
                rows[PgCatalogTables.User].Add([name, oid, false, false, false, false, "********", null, null]);
            }
        }

        return rows;
    }

    private static void AddFixedRows(Dictionary<PgCatalogTable, List<object?[]>> rows, string tenant, PgSessionInfo session)
    {
        rows[PgCatalogTables.Namespace].AddRange([
            [PgObjectId.PgCatalogNamespace, "pg_catalog", PgObjectId.OwnerRole, null],
            [PgObjectId.PublicNamespace, Public, PgObjectId.DatabaseOwnerRole, null],
            [PgObjectId.InformationSchemaNamespace, "information_schema", PgObjectId.OwnerRole, null],
            [99u, "pg_toast", PgObjectId.OwnerRole, null]]);
        foreach (var type in PgBuiltinTypes.All)
        {
            rows[PgCatalogTables.Type].Add([
                type.Oid, type.Name, PgObjectId.PgCatalogNamespace, PgObjectId.OwnerRole, type.Length, type.ByValue,
                type.Category == 'P' ? "p" : "b", type.Category.ToString(), type.Oid is PgBuiltinTypes.Text or PgBuiltinTypes.Float8 or PgBuiltinTypes.Bool or PgBuiltinTypes.TimestampTz,
                true, ",", 0, type.Category == 'A' ? "array_subscript_handler" : "-", type.ElementOid, type.ArrayOid,
                type.Name + "in", type.Name + "out", type.Category == 'A' && type.Name.StartsWith('_') ? ArrayReceive : 0u, type.Name + "send", "-", "-", "-",
                type.Alignment.ToString(), type.Length == -1 ? "x" : "p", false, 0, -1, 0, type.Collation, null, null, null]);
        }

        rows[PgCatalogTables.Proc].Add([
            ArrayReceive, "array_recv", PgObjectId.PgCatalogNamespace, PgObjectId.OwnerRole, 12u, 1f, 0f, 0, "-", "f", false, false, true,
            false, "s", "s", 3, 0, 2277u, "2281 26 23", null, null, null, null, null, "array_recv", null, null, null, null]);
        rows[PgCatalogTables.Database].Add([PgObjectId.Of('d', tenant), tenant, PgObjectId.OwnerRole, 6, "c", false, true, -1, 0, 1, 1663, "C", "C", null, null, null]);
        rows[PgCatalogTables.AccessMethod].AddRange([
            [PgObjectId.HeapAccessMethod, "heap", "heap_tableam_handler", "t"],
            [PgObjectId.BtreeAccessMethod, "btree", "bthandler", "i"]]);
        rows[PgCatalogTables.Collation].AddRange([
            [PgObjectId.DefaultCollation, "default", PgObjectId.PgCatalogNamespace, PgObjectId.OwnerRole, "d", true, -1, null, null, null, null],
            [950u, "C", PgObjectId.PgCatalogNamespace, PgObjectId.OwnerRole, "c", true, -1, "C", "C", null, null],
            [951u, "POSIX", PgObjectId.PgCatalogNamespace, PgObjectId.OwnerRole, "c", true, -1, "POSIX", "POSIX", null, null]]);
        rows[PgCatalogTables.Tablespace].AddRange([
            [1663u, "pg_default", PgObjectId.OwnerRole, null, null],
            [1664u, "pg_global", PgObjectId.OwnerRole, null, null]]);
        rows[PgCatalogTables.Language].AddRange([
            [12u, "internal", PgObjectId.OwnerRole, false, false, 0, 0, 0, null],
            [13u, "c", PgObjectId.OwnerRole, false, false, 0, 0, 0, null],
            [14u, "sql", PgObjectId.OwnerRole, false, true, 0, 0, 0, null],
            [PgObjectId.Of('l', "wasm"), "wasm", PgObjectId.OwnerRole, true, true, 0, 0, 0, null]]);
        foreach (var (name, fallback) in PgSettingDefaults.All)
        {
            string value = session.Setting(name) ?? fallback;
            rows[PgCatalogTables.Settings].Add([name, value, null, "Client Connection Defaults", name, null, "user", "string", "default", null, null, null, fallback, value, null, null, false]);
        }

        rows[PgCatalogTables.StatActivity].Add([
            PgObjectId.Of('d', tenant), tenant, session.ProcessId, null, PgObjectId.Of('u', session.User), session.User,
            session.Setting("application_name") ?? string.Empty, null, null, null, null, null, null, null, null, null, "active",
            null, null, null, string.Empty, "client backend"]);
        rows[PgCatalogTables.InfoSchemata].AddRange([
            [tenant, Public, "pg_database_owner", null, null, null, null],
            [tenant, "pg_catalog", tenant, null, null, null, null],
            [tenant, "information_schema", tenant, null, null, null, null]]);
    }

    private static void AddRelation(Dictionary<PgCatalogTable, List<object?[]>> rows, PgSchemaModel model, PgRelation relation, string tenant)
    {
        bool isTable = relation.Kind == 'r';
        bool hasIndex = false;
        foreach (var index in model.Indexes) hasIndex |= index.Table == relation;
        // PostgreSQL enforces foreign keys with internal triggers on both tables, and psql only looks
        // for foreign keys when relhastriggers says so.
        bool hasTriggers = false;
        foreach (var trigger in model.Triggers) hasTriggers |= trigger.Table == relation.Oid;
        foreach (var constraint in model.Constraints.Values) hasTriggers |= constraint.Kind == 'f' && (constraint.Table == relation || constraint.Referenced == relation);
        uint accessMethod = relation.Kind switch { 'r' => PgObjectId.HeapAccessMethod, 'i' => PgObjectId.BtreeAccessMethod, _ => 0 };
        int attributes = relation.Kind == 'S' ? 3 : relation.Columns.Count;
        short checks = 0;
        foreach (var constraint in model.Constraints.Values) checks += (short)(constraint.Kind == 'c' && constraint.Table == relation ? 1 : 0);
        rows[PgCatalogTables.Class].Add([
            relation.Oid, relation.Name, PgObjectId.PublicNamespace, 0, 0, PgObjectId.OwnerRole, accessMethod, relation.Oid,
            0, 0, -1, 0, 0, hasIndex, false, "p", relation.Kind.ToString(), attributes, checks, relation.Kind == 'v', hasTriggers,
            false, false, false, true, isTable ? "d" : "n", false, 0, 0, 0, null, null, null]);
        if (relation.Kind is 'i' or 'S') return;

        rows[PgCatalogTables.InfoTables].Add([tenant, Public, relation.Name, isTable ? "BASE TABLE" : "VIEW", null, null, null, null, null,
            isTable ? "YES" : "NO", "NO", null]);
        if (!isTable)
        {
            rows[PgCatalogTables.InfoViews].Add([tenant, Public, relation.Name, ViewDefinition(relation.Sql), "NONE", "NO", "NO", "NO", "NO", "NO"]);
        }

        for (int i = 0; i < relation.Columns.Count; i++)
        {
            var column = relation.Columns[i];
            short attnum = (short)(i + 1);
            PgBuiltinTypes.ByOid.TryGetValue(column.Type.TypeOid, out var type);
            string? pgDefault = column.PgDefault;
            bool hasDefault = pgDefault is not null;
            string generated = column.Hidden is 2 or 3 ? "s" : string.Empty;
            rows[PgCatalogTables.Attribute].Add([
                relation.Oid, column.Name, column.Type.TypeOid, -1, type?.Length ?? -1, attnum, type?.Category == 'A' ? 1 : 0,
                -1, column.Type.TypeModifier, type?.ByValue ?? false, (type?.Alignment ?? 'i').ToString(), type?.Length == -1 ? "x" : "p", string.Empty,
                column.NotNull, hasDefault, false, column.Identity == '\0' ? string.Empty : column.Identity.ToString(), generated, false, true, 0, IsCollatable(column.Type.TypeOid) ? PgObjectId.DefaultCollation : 0u,
                null, null, null, null]);
            if (hasDefault)
            {
                rows[PgCatalogTables.AttrDef].Add([AttrDefOid(relation, column), relation.Oid, attnum, pgDefault]);
            }

            rows[PgCatalogTables.InfoColumns].Add(InformationSchemaColumn(tenant, relation, column, attnum, isTable));
        }
    }

    private static uint AttrDefOid(PgRelation relation, PgColumn column) => PgObjectId.Of('a', relation.Name + "." + column.Name);

    private static object?[] InformationSchemaColumn(string tenant, PgRelation relation, PgColumn column, short attnum, bool isTable)
    {
        uint oid = column.Type.TypeOid;
        int typmod = column.Type.TypeModifier;
        PgBuiltinTypes.ByOid.TryGetValue(oid, out var type);
        bool isArray = type is { Category: 'A' } && type.Name.StartsWith('_');
        string dataType = isArray ? "ARRAY" : PgDeclaredType.Format(oid, -1);
        object? charLength = oid is PgBuiltinTypes.Varchar or PgBuiltinTypes.Bpchar && typmod >= 4 ? typmod - 4 : null;
        object? octetLength = oid is PgBuiltinTypes.Text or PgBuiltinTypes.Varchar or PgBuiltinTypes.Bpchar ? (charLength is int n ? n * 4 : 1073741824) : null;
        (object? precision, object? radix, object? scale) = oid switch
        {
            PgBuiltinTypes.Int2 => (16, 2, 0),
            PgBuiltinTypes.Int4 => (32, 2, 0),
            PgBuiltinTypes.Int8 => (64, 2, 0),
            PgBuiltinTypes.Float4 => (24, 2, (object?)null),
            PgBuiltinTypes.Float8 => (53, 2, null),
            PgBuiltinTypes.Numeric when typmod >= 4 => ((typmod - 4) >> 16, 10, (typmod - 4) & 0xFFFF),
            PgBuiltinTypes.Numeric => (null, 10, null),
            _ => ((object?)null, (object?)null, (object?)null),
        };
        object? datetimePrecision = oid switch
        {
            PgBuiltinTypes.Date => 0,
            PgBuiltinTypes.Time or PgBuiltinTypes.TimeTz or PgBuiltinTypes.Timestamp or PgBuiltinTypes.TimestampTz or PgBuiltinTypes.Interval => 6,
            _ => null,
        };
        bool generated = column.Hidden is 2 or 3;
        return [
            tenant, Public, relation.Name, column.Name, (int)attnum, generated ? null : column.PgDefault, column.NotNull ? "NO" : "YES", dataType,
            charLength, octetLength, precision, radix, scale, datetimePrecision, null, null, null, null, null, null, null, null,
            null, null, null, tenant, "pg_catalog", type?.Name ?? "text", null, null, null, null, attnum.ToString(System.Globalization.CultureInfo.InvariantCulture), "NO",
            .. Identity(column), generated ? "ALWAYS" : "NEVER", null, isTable && !generated ? "YES" : "NO"];
    }

    // is_identity, identity_generation, identity_start, identity_increment, identity_maximum, identity_minimum, identity_cycle.
    private static object?[] Identity(PgColumn column)
    {
        if (column.Identity == '\0') return ["NO", null, null, null, null, null, "NO"];
        string maximum = column.Type.TypeOid switch
        {
            PgBuiltinTypes.Int2 => "32767",
            PgBuiltinTypes.Int4 => "2147483647",
            _ => "9223372036854775807",
        };
        return ["YES", column.Identity == 'a' ? "ALWAYS" : "BY DEFAULT", "1", "1", maximum, "1", "NO"];
    }

    private static void AddConstraint(Dictionary<PgCatalogTable, List<object?[]>> rows, PgConstraint constraint, string tenant)
    {
        rows[PgCatalogTables.Constraint].Add([
            constraint.Oid, constraint.Name, PgObjectId.PublicNamespace, constraint.Kind.ToString(), false, false, true,
            constraint.Table.Oid, 0, constraint.IndexOid, 0, constraint.Referenced?.Oid ?? 0,
            constraint.Kind == 'f' ? constraint.OnUpdate.ToString() : " ", constraint.Kind == 'f' ? constraint.OnDelete.ToString() : " ",
            constraint.Kind == 'f' ? "s" : " ", true, 0, true, PgArray(constraint.Keys),
            constraint.Kind == 'f' ? PgArray(constraint.ReferencedKeys) : null, null, null, null, null, null, constraint.CheckExpression]);
        string type = constraint.Kind switch { 'p' => "PRIMARY KEY", 'u' => "UNIQUE", 'c' => "CHECK", _ => "FOREIGN KEY" };
        rows[PgCatalogTables.InfoTableConstraints].Add([tenant, Public, constraint.Name, tenant, Public, constraint.Table.Name, type, "NO", "NO", "YES",
            constraint.Kind is 'p' or 'u' ? "YES" : null]);
        if (constraint.Kind == 'c') return;
        for (int i = 0; i < constraint.Keys.Count; i++)
        {
            int k = constraint.Keys[i];
            if (k <= 0 || k > constraint.Table.Columns.Count) continue;
            rows[PgCatalogTables.InfoKeyColumnUsage].Add([tenant, Public, constraint.Name, tenant, Public, constraint.Table.Name,
                constraint.Table.Columns[k - 1].Name, i + 1, constraint.Kind == 'f' ? i + 1 : null]);
        }

        if (constraint.Kind == 'f')
        {
            rows[PgCatalogTables.InfoReferentialConstraints].Add([tenant, Public, constraint.Name, tenant, Public,
                constraint.Referenced!.Name + "_pkey", "NONE", RuleName(constraint.OnUpdate), RuleName(constraint.OnDelete)]);
        }
    }

    private static void AddProcedure(Dictionary<PgCatalogTable, List<object?[]>> rows, PgProcedure procedure)
    {
        var argTypes = string.Join(' ', procedure.Parameters.Select(p => p.Type));
        var allTypes = new List<uint>();
        var modes = new List<string>();
        var names = new List<string>();
        foreach (var p in procedure.Parameters) { allTypes.Add(p.Type); modes.Add("i"); names.Add(p.Name); }
        foreach (var c in procedure.Columns) { allTypes.Add(c.Type); modes.Add("t"); names.Add(c.Name); }
        bool returnsTable = procedure.Columns.Count > 0;
        rows[PgCatalogTables.Proc].Add([
            procedure.Oid, procedure.Name, PgObjectId.PublicNamespace, PgObjectId.OwnerRole, PgObjectId.Of('l', "wasm"), 100f, returnsTable ? 1000f : 0f,
            0, "-", "p", false, false, false, returnsTable, "v", "u", procedure.Parameters.Count, 0, returnsTable ? 2249u : 2278u,
            argTypes, returnsTable ? "{" + string.Join(',', allTypes) + "}" : null, returnsTable ? "{" + string.Join(',', modes) + "}" : null,
            "{" + string.Join(',', names.Select(PgArrayElement)) + "}", null, null, string.Empty, null, null, null, null]);
    }

    private static string RuleName(char action) => action switch
    {
        'r' => "RESTRICT",
        'c' => "CASCADE",
        'n' => "SET NULL",
        'd' => "SET DEFAULT",
        _ => "NO ACTION",
    };

    private static bool IsCollatable(uint oid) => oid is PgBuiltinTypes.Text or PgBuiltinTypes.Varchar or PgBuiltinTypes.Bpchar;

    /// <summary>A PostgreSQL array literal of small integers: <c>{1,2}</c>.</summary>
    public static string PgArray(IReadOnlyList<short> values) => "{" + string.Join(',', values) + "}";

    private static string PgArrayElement(string value)
    {
        bool plain = value.Length > 0 && !value.Equals("NULL", StringComparison.OrdinalIgnoreCase);
        foreach (char c in value) plain &= char.IsLetterOrDigit(c) || c == '_';
        if (plain) return value;
        var text = new StringBuilder("\"");
        foreach (char c in value)
        {
            if (c is '"' or '\\') text.Append('\\');
            text.Append(c);
        }

        return text.Append('"').ToString();
    }

    /// <summary>The SELECT of a CREATE VIEW statement (what pg_get_viewdef and information_schema.views show).</summary>
    public static string? ViewDefinition(string? sql)
    {
        if (sql is null) return null;
        int position = 0;
        var lexer = new SqlText.SqlLexer(sql);
        for (var token = lexer.Next(); token.Kind != SqlText.SqlTokenKind.End; token = lexer.Next())
        {
            if (token.IsWord(sql, "AS"))
            {
                position = token.End;
                break;
            }
        }

        return position == 0 ? sql : sql[position..].Trim();
    }
}
