namespace TenantDb.Engine.Ddl;

/// <summary>The options of CREATE SEQUENCE or ALTER SEQUENCE; null means "not given".</summary>
public sealed record SequenceOptions
{
    /// <summary>AS smallint|integer|bigint: bounds the default MINVALUE/MAXVALUE.</summary>
    public string? DataType { get; init; }

    /// <summary>INCREMENT [BY] n (never 0).</summary>
    public long? Increment { get; init; }

    /// <summary>MINVALUE n; <see cref="long.MinValue"/> stands for NO MINVALUE.</summary>
    public long? MinValue { get; init; }

    /// <summary>True for NO MINVALUE (the type's default).</summary>
    public bool NoMinValue { get; init; }

    /// <summary>MAXVALUE n.</summary>
    public long? MaxValue { get; init; }

    /// <summary>True for NO MAXVALUE (the type's default).</summary>
    public bool NoMaxValue { get; init; }

    /// <summary>START [WITH] n.</summary>
    public long? Start { get; init; }

    /// <summary>ALTER SEQUENCE ... RESTART: true to restart (at <see cref="RestartWith"/>, or at the start value).</summary>
    public bool Restart { get; init; }

    /// <summary>RESTART WITH n.</summary>
    public long? RestartWith { get; init; }

    /// <summary>[NO] CYCLE.</summary>
    public bool? Cycle { get; init; }

    /// <summary>OWNED BY table.column (TRUNCATE ... RESTART IDENTITY of the table restarts the sequence); empty strings for OWNED BY NONE.</summary>
    public (string Table, string Column)? OwnedBy { get; init; }
}
