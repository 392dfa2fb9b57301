namespace TenantDb.Engine.Ddl;

/// <summary>What kind of table constraint ALTER TABLE ... ADD adds.</summary>
public enum TableConstraintKind
{
    /// <summary>PRIMARY KEY (columns).</summary>
    PrimaryKey,

    /// <summary>UNIQUE (columns).</summary>
    Unique,

    /// <summary>FOREIGN KEY (columns) REFERENCES table [(columns)] [actions].</summary>
    ForeignKey,

    /// <summary>CHECK (expression).</summary>
    Check,
}

/// <summary>A table constraint to add by ALTER TABLE ... ADD [CONSTRAINT name] ...</summary>
/// <param name="Kind">The constraint's kind.</param>
/// <param name="Name">The name given, or null for PostgreSQL's default name.</param>
/// <param name="Columns">The constrained columns (empty for CHECK).</param>
/// <param name="Definition">The constraint in SQLite's table-constraint syntax, without CONSTRAINT name.</param>
public sealed record TableConstraint(TableConstraintKind Kind, string? Name, IReadOnlyList<string> Columns, string Definition);
