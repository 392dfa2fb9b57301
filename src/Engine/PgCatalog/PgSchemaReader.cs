using TenantDb.Engine.Ddl;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Hardening;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Tenants;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.PgCatalog;

/// <summary>
/// Reads the tenant's schema from SQLite (<c>sqlite_schema</c> and the <c>pragma_*</c> table functions
/// of the main database) into a <see cref="PgSchemaModel"/>. Runs as trusted engine SQL: every name is
/// schema-qualified, and reserved <c>_tenantdb*</c> objects and SQLite's internal ones are left out, so
/// the catalog never shows them.
/// </summary>
internal static class PgSchemaReader
{
    public static PgSchemaModel Read(TenantSession session, string tenant, IReadOnlyList<string> users)
    {
        var model = new PgSchemaModel();
        model.Roles[PgObjectId.OwnerRole] = tenant;
        model.Roles[PgObjectId.DatabaseOwnerRole] = "pg_database_owner";
        foreach (var user in users)
        {
            model.Roles[PgObjectId.Of('u', user)] = user;
        }

        var tables = new List<PgRelation>();
        var indexSql = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var triggers = new List<(string Name, string Table, string Sql)>();
        using (var statement = session.Prepare("SELECT type, name, tbl_name, sql FROM main.sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid"))
        using (var reader = statement.ExecuteReader())
        {
            while (reader.Read())
            {
                string type = reader.GetString(0), name = reader.GetString(1), table = reader.GetString(2);
                string? sql = reader.GetSqlType(3) == SqlType.Null ? null : reader.GetString(3);
                if (TenantAuthorizer.IsReserved(name) || TenantAuthorizer.IsReserved(table)) continue;
                switch (type)
                {
                    case "table":
                        if (sql is not null && sql.StartsWith("CREATE VIRTUAL", StringComparison.OrdinalIgnoreCase)) continue;
                        tables.Add(model.AddRelation(name, 'r', sql));
                        break;
                    case "view":
                        tables.Add(model.AddRelation(name, 'v', sql));
                        break;
                    case "index":
                        indexSql[name] = sql;
                        break;
                    case "trigger" when sql is not null:
                        triggers.Add((name, table, sql));
                        break;
                }
            }
        }

        var identities = new Dictionary<(string Table, string Column), char>(TenantSession.ColumnKeyComparer.Instance);
        var sequences = new Dictionary<string, List<SerialSequence>>(StringComparer.OrdinalIgnoreCase);
        var remembered = session.ReadRememberedTypes(identities, sequences);
        foreach (var relation in tables)
        {
            ReadColumns(session, relation, remembered);
            foreach (var column in relation.Columns)
                if (column.Sequence is not null && identities.TryGetValue((relation.Name, column.Name), out char identity)) column.Identity = identity;
        }

        // Stored sequences first, under their own names: a column's nextval default then links to the
        // sequence itself, and a sequence no column uses is listed too (psql's \ds).
        var stored = session.ReadSequencesForCatalog();
        var owners = new Dictionary<string, (string? Table, string? Column)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (state, ownedTable, ownedColumn) in stored)
        {
            if (model.FindRelation(state.Name) is not null) continue;
            model.StoredSequences[model.AddRelation(state.Name, 'S', null)] = state;
            owners[state.Name] = (ownedTable, ownedColumn);
        }

        foreach (var relation in tables)
        {
            AddSerialSequences(model, relation, sequences.GetValueOrDefault(relation.Name), owners);
        }

        foreach (var relation in tables)
        {
            if (relation.Kind == 'r')
            {
                ReadIndexes(session, model, relation, indexSql);
            }
        }

        foreach (var relation in tables)
        {
            if (relation.Kind == 'r')
            {
                ReadForeignKeys(session, model, relation);
                ReadChecks(model, relation);
            }
        }

        foreach (var (name, table, sql) in triggers)
        {
            if (model.FindRelation(table) is { } owner)
            {
                model.Triggers.Add((PgObjectId.Of('t', name), owner.Oid, name, sql));
            }
        }

        ReadProcedures(session, model);
        return model;
    }

    private static void ReadColumns(TenantSession session, PgRelation relation, Dictionary<(string Table, string Column), PgDeclaredType> rememberedTypes)
    {
        using var statement = session.Prepare("SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?1, 'main') ORDER BY cid");
        statement.BindText(0, relation.Name);
        try
        {
            using var reader = statement.ExecuteReader();
            while (reader.Read())
            {
                int hidden = (int)reader.GetInt64(5);
                if (hidden == 1) continue; // a virtual table's hidden column
                string? declared = reader.GetSqlType(1) == SqlType.Null ? null : reader.GetString(1);
                string name = reader.GetString(0);
                // A serial or identity column is declared INTEGER in SQLite; its PostgreSQL type is remembered.
                PgDeclaredType remembered = default;
                bool serial = declared is not null && PgDeclaredType.Resolve(declared).TypeOid is PgBuiltinTypes.Int2 or PgBuiltinTypes.Int4 or PgBuiltinTypes.Int8
                    && rememberedTypes.TryGetValue((relation.Name, name), out remembered);
                var type = serial ? remembered : PgDeclaredType.Resolve(declared);
                relation.Columns.Add(new PgColumn(
                    name,
                    declared,
                    type,
                    reader.GetInt64(2) != 0 || reader.GetInt64(4) != 0,
                    reader.GetSqlType(3) == SqlType.Null ? null : reader.GetString(3),
                    (int)reader.GetInt64(4),
                    hidden) { Sequence = serial ? SerialMarker : null });
            }
        }
        catch (TenantDbException) when (relation.Kind == 'v')
        {
            // A view over a table that no longer exists has no columns to list; PostgreSQL would have
            // refused the DROP, SQLite did not.
            relation.Columns.Clear();
        }
    }

    // Stands for "has a sequence" until AddSerialSequences names it (relations are named after all tables are known).
    private static readonly PgRelation SerialMarker = new(0, string.Empty, 'S', null);

    // A serial column's values come from SQLite's row id or from a sequence of the tenant's; PostgreSQL shows
    // the sequence (table_column_seq for the row id's), so clients that look for it (pg_get_serial_sequence,
    // nextval defaults) find it.
    private static void AddSerialSequences(PgSchemaModel model, PgRelation table, List<SerialSequence>? sequences,
        Dictionary<string, (string? Table, string? Column)> storedOwners)
    {
        for (int i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            if (column.Sequence is null) continue;
            string? stored = sequences?.Find(c => string.Equals(c.Column, column.Name, StringComparison.OrdinalIgnoreCase))?.Sequence;
            PgRelation sequence;
            bool owned;
            if (stored is not null && storedOwners.TryGetValue(stored, out var owner) && model.FindRelation(stored) is { Kind: 'S' } existing)
            {
                // A stored sequence: the column owns it only if it says so (a serial column's own sequence,
                // or OWNED BY); a nextval default naming someone else's sequence does not.
                sequence = existing;
                owned = string.Equals(owner.Table, table.Name, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(owner.Column, column.Name, StringComparison.OrdinalIgnoreCase);
            }
            else
            {
                // The row id's values: PostgreSQL would show a sequence owned by the column; it exists only here.
                string name = stored ?? table.Name + "_" + column.Name + "_seq";
                for (int n = 1; model.RelationsByName.ContainsKey(name); n++) name = (stored ?? table.Name + "_" + column.Name + "_seq") + n;
                sequence = model.AddRelation(name, 'S', null);
                owned = true;
            }

            column.Sequence = sequence;
            column.OwnsSequence = owned;
            model.Sequences.Add((sequence, table, (short)(i + 1), owned));
        }
    }

    private static void ReadIndexes(TenantSession session, PgSchemaModel model, PgRelation table, Dictionary<string, string?> indexSql)
    {
        var found = new List<(string Name, bool Unique, string Origin, bool Partial)>();
        using (var statement = session.Prepare("SELECT name, \"unique\", origin, partial FROM pragma_index_list(?1, 'main') ORDER BY seq DESC"))
        {
            statement.BindText(0, table.Name);
            using var reader = statement.ExecuteReader();
            while (reader.Read())
            {
                found.Add((reader.GetString(0), reader.GetInt64(1) != 0, reader.GetString(2), reader.GetInt64(3) != 0));
            }
        }

        bool hasPrimaryIndex = false;
        var given = PgConstraintNames.Read(table.Sql);
        foreach (var (name, unique, origin, partial) in found)
        {
            var keys = new List<short>();
            var descending = new List<bool>();
            using (var statement = session.Prepare("SELECT cid, \"desc\" FROM pragma_index_xinfo(?1, 'main') WHERE key = 1 ORDER BY seqno"))
            {
                statement.BindText(0, name);
                using var reader = statement.ExecuteReader();
                while (reader.Read())
                {
                    long cid = reader.GetInt64(0);
                    keys.Add((short)(cid >= 0 ? cid + 1 : 0));
                    descending.Add(reader.GetInt64(1) != 0);
                }
            }

            bool primary = origin == "pk";
            hasPrimaryIndex |= primary;
            string pgName = origin switch
            {
                "pk" => given.Find('p', ColumnNames(table, keys)) ?? table.Name + "_pkey",
                "u" => given.Find('u', ColumnNames(table, keys)) ?? table.Name + "_" + string.Join('_', ColumnNames(table, keys)) + "_key",
                _ => name,
            };
            var relation = model.AddRelation(pgName, 'i', indexSql.GetValueOrDefault(name));
            model.Indexes.Add(new PgIndex(relation, table, unique, primary, keys, descending, partial));
            if (origin is "pk" or "u")
            {
                AddConstraint(model, new PgConstraint(PgObjectId.Of('n', table.Name + "." + pgName), pgName, primary ? 'p' : 'u', table, keys, relation.Oid, null, [], 'a', 'a'));
            }
        }

        // An INTEGER PRIMARY KEY is the rowid: SQLite needs no index for it, PostgreSQL shows one.
        if (!hasPrimaryIndex)
        {
            var keys = new List<short>();
            for (int position = 1; position <= table.Columns.Count; position++)
            {
                for (int i = 0; i < table.Columns.Count; i++)
                {
                    if (table.Columns[i].PrimaryKeyPosition == position) keys.Add((short)(i + 1));
                }
            }

            if (keys.Count > 0)
            {
                string pgName = given.Find('p', ColumnNames(table, keys)) ?? table.Name + "_pkey";
                var relation = model.AddRelation(pgName, 'i', null);
                model.Indexes.Add(new PgIndex(relation, table, true, true, keys, new bool[keys.Count], false));
                AddConstraint(model, new PgConstraint(PgObjectId.Of('n', table.Name + "." + pgName), pgName, 'p', table, keys, relation.Oid, null, [], 'a', 'a'));
            }
        }
    }

    private static void ReadForeignKeys(TenantSession session, PgSchemaModel model, PgRelation table)
    {
        var groups = new SortedDictionary<long, List<(string Target, string From, string? To, string OnUpdate, string OnDelete)>>();
        using (var statement = session.Prepare("SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?1, 'main') ORDER BY id, seq"))
        {
            statement.BindText(0, table.Name);
            using var reader = statement.ExecuteReader();
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                if (!groups.TryGetValue(id, out var list)) groups[id] = list = [];
                list.Add((reader.GetString(1), reader.GetString(2), reader.GetSqlType(3) == SqlType.Null ? null : reader.GetString(3), reader.GetString(4), reader.GetString(5)));
            }
        }

        var given = PgConstraintNames.Read(table.Sql);
        foreach (var list in groups.Values)
        {
            var target = model.FindRelation(list[0].Target);
            if (target is null) continue; // a dangling reference: nothing to describe
            var keys = new List<short>();
            var referenced = new List<short>();
            foreach (var (_, from, to, _, _) in list)
            {
                keys.Add(AttributeNumber(table, from));
                referenced.Add(to is null ? (short)0 : AttributeNumber(target, to));
            }

            if (referenced.Contains(0))
            {
                // REFERENCES t without columns means t's primary key.
                referenced.Clear();
                foreach (var c in model.Constraints.Values)
                {
                    if (c.Kind == 'p' && c.Table == target) referenced.AddRange(c.Keys);
                }
            }

            string name = given.Find('f', ColumnNames(table, keys)) ?? table.Name + "_" + string.Join('_', ColumnNames(table, keys)) + "_fkey";
            uint indexOid = 0;
            foreach (var index in model.Indexes)
            {
                if (index.Table == target && index.Unique && index.Keys.SequenceEqual(referenced)) indexOid = index.Relation.Oid;
            }

            AddConstraint(model, new PgConstraint(PgObjectId.Of('n', table.Name + "." + name), name, 'f', table, keys, indexOid, target, referenced,
                ActionCode(list[0].OnUpdate), ActionCode(list[0].OnDelete)));
        }
    }

    private static void ReadChecks(PgSchemaModel model, PgRelation table)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in model.Constraints.Values)
        {
            if (c.Table == table) taken.Add(c.Name);
        }

        foreach (var check in PgCheckConstraints.Read(table, taken))
        {
            AddConstraint(model, new PgConstraint(PgObjectId.Of('n', table.Name + "." + check.Name), check.Name, 'c', table, check.Columns, 0, null, [],
                'a', 'a', check.Expression));
        }
    }

    private static void ReadProcedures(TenantSession session, PgSchemaModel model)
    {
        using var statement = session.Prepare($"SELECT name, parameters, columns FROM {TenantSchema.QualifiedProceduresTable} ORDER BY name");
        using var reader = statement.ExecuteReader();
        while (reader.Read())
        {
            string name = reader.GetString(0);
            var parameters = new List<(string, uint)>();
            var columns = new List<(string, uint)>();
            foreach (var p in ProcedureSignature.Parse(reader.GetString(1))) parameters.Add((p.Name, TypeOid(p.Type)));
            foreach (var c in ProcedureSignature.Parse(reader.GetString(2))) columns.Add((c.Name, TypeOid(c.Type)));
            uint oid = PgObjectId.Of('p', name);
            while (model.Procedures.ContainsKey(oid)) oid++;
            model.Procedures[oid] = new PgProcedure(oid, name, parameters, columns);
        }
    }

    private static uint TypeOid(ProcedureType type) => PgDeclaredType.Resolve(ProcedureSignature.TypeName(type)).TypeOid;

    private static void AddConstraint(PgSchemaModel model, PgConstraint constraint)
    {
        uint oid = constraint.Oid;
        while (model.Constraints.ContainsKey(oid)) oid++;
        model.Constraints[oid] = constraint with { Oid = oid };
    }

    private static short AttributeNumber(PgRelation table, string column)
    {
        for (int i = 0; i < table.Columns.Count; i++)
        {
            if (string.Equals(table.Columns[i].Name, column, StringComparison.OrdinalIgnoreCase)) return (short)(i + 1);
        }

        return 0;
    }

    private static IEnumerable<string> ColumnNames(PgRelation table, IEnumerable<short> keys)
    {
        foreach (var k in keys)
        {
            yield return k > 0 && k <= table.Columns.Count ? table.Columns[k - 1].Name : "expr";
        }
    }

    private static char ActionCode(string action) => action.ToUpperInvariant() switch
    {
        "RESTRICT" => 'r',
        "CASCADE" => 'c',
        "SET NULL" => 'n',
        "SET DEFAULT" => 'd',
        _ => 'a',
    };
}
