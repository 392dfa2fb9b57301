using TenantDb.Engine.Errors;
using TenantDb.Engine.Values;
namespace TenantDb.Engine.Ddl;

/// <summary>
/// One sequence's definition and position, with PostgreSQL's rules: defaults from the direction and
/// type, bounds checked, nextval stepping with or without CYCLE. Rows read back from the tenant's file
/// go through <see cref="FromRow"/>, which refuses any that break these rules.
/// </summary>
internal sealed record SequenceState(string Name, long Increment, long MinValue, long MaxValue, long Start, bool Cycle, long LastValue, bool IsCalled)
{
    /// <summary>A new sequence from CREATE SEQUENCE's options.</summary>
    public static SequenceState Create(string name, SequenceOptions options)
    {
        long increment = options.Increment ?? 1;
        long typeMax = TypeMax(options.DataType);
        long typeMin = -typeMax - 1;
        if (increment == 0) throw Invalid("INCREMENT must not be zero");
        long min = options.MinValue is { } m && !options.NoMinValue ? m : increment > 0 ? 1 : typeMin;
        long max = options.MaxValue is { } x && !options.NoMaxValue ? x : increment > 0 ? typeMax : -1;
        long start = options.Start ?? (increment > 0 ? min : max);
        return Checked(new SequenceState(name, increment, min, max, start, options.Cycle ?? false, start, false), typeMin, typeMax);
    }

    /// <summary>This sequence changed by ALTER SEQUENCE's options.</summary>
    public SequenceState Alter(SequenceOptions options)
    {
        long increment = options.Increment ?? Increment;
        if (increment == 0) throw Invalid("INCREMENT must not be zero");
        long typeMax = TypeMax(options.DataType);
        long min = options.NoMinValue ? (increment > 0 ? 1 : -typeMax - 1) : options.MinValue ?? MinValue;
        long max = options.NoMaxValue ? (increment > 0 ? typeMax : -1) : options.MaxValue ?? MaxValue;
        long start = options.Start ?? Start;
        var altered = this with { Increment = increment, MinValue = min, MaxValue = max, Start = start, Cycle = options.Cycle ?? Cycle };
        if (options.Restart) altered = altered with { LastValue = options.RestartWith ?? start, IsCalled = false };
        if (altered.LastValue < min || altered.LastValue > max)
        {
            if (!options.Restart) throw Invalid($"the current value {altered.LastValue} is outside the new bounds ({min}..{max})", "22023");
            throw Invalid($"RESTART value ({altered.LastValue}) cannot be outside the bounds ({min}..{max})", "22023");
        }

        return Checked(altered, long.MinValue, long.MaxValue);
    }

    /// <summary>The value nextval returns and the state after it.</summary>
    public SequenceState Next(out long value)
    {
        if (!IsCalled)
        {
            value = LastValue;
            return this with { IsCalled = true };
        }

        long next;
        bool overflow = Increment > 0 ? LastValue > MaxValue - Increment : LastValue < MinValue - Increment;
        next = overflow ? 0 : LastValue + Increment;
        if (Increment > 0 && (overflow || next > MaxValue))
        {
            if (!Cycle) throw Invalid($"nextval: reached maximum value of sequence \"{Name}\" ({MaxValue})", "2200H");
            next = MinValue;
        }
        else if (Increment < 0 && (overflow || next < MinValue))
        {
            if (!Cycle) throw Invalid($"nextval: reached minimum value of sequence \"{Name}\" ({MinValue})", "2200H");
            next = MaxValue;
        }

        value = next;
        return this with { LastValue = next, IsCalled = true };
    }

    /// <summary>The state after setval(value, isCalled).</summary>
    public SequenceState Set(long value, bool isCalled)
    {
        if (value < MinValue || value > MaxValue)
        {
            throw Invalid($"setval: value {value} is out of bounds for sequence \"{Name}\" ({MinValue}..{MaxValue})", "22003");
        }

        return this with { LastValue = value, IsCalled = isCalled };
    }

    /// <summary>A stored row (name, increment, min, max, start, cycle, last, is_called), checked before use.</summary>
    public static SequenceState FromRow(SqlValue[] row)
    {
        if (row.Length < 8 || row[0].Type != SqlType.Text) throw Corrupt("?");
        for (int i = 1; i < 8; i++)
        {
            if (row[i].Type != SqlType.Integer) throw Corrupt(row[0].AsText);
        }

        var state = new SequenceState(row[0].AsText, row[1].AsInteger, row[2].AsInteger, row[3].AsInteger, row[4].AsInteger,
            row[5].AsInteger != 0, row[6].AsInteger, row[7].AsInteger != 0);
        if (state.Increment == 0 || state.MinValue >= state.MaxValue || state.LastValue < state.MinValue || state.LastValue > state.MaxValue)
        {
            throw Corrupt(state.Name);
        }

        return state;
    }

    private static SequenceState Checked(SequenceState s, long typeMin, long typeMax)
    {
        if (s.MinValue >= s.MaxValue) throw Invalid($"MINVALUE ({s.MinValue}) must be less than MAXVALUE ({s.MaxValue})");
        if (s.MinValue < typeMin || s.MaxValue > typeMax) throw Invalid($"MINVALUE/MAXVALUE out of range for the sequence's data type");
        if (s.Start < s.MinValue) throw Invalid($"START value ({s.Start}) cannot be less than MINVALUE ({s.MinValue})");
        if (s.Start > s.MaxValue) throw Invalid($"START value ({s.Start}) cannot be greater than MAXVALUE ({s.MaxValue})");
        return s;
    }

    private static long TypeMax(string? type) => type switch
    {
        null or "bigint" or "int8" => long.MaxValue,
        "integer" or "int" or "int4" => int.MaxValue,
        "smallint" or "int2" => short.MaxValue,
        _ => throw Invalid($"sequence type must be smallint, integer, or bigint", "22023"),
    };

    private static TenantDbException Invalid(string message, string sqlState = "22023") => new(TenantDbErrorKind.Sql, sqlState, message);

    private static TenantDbException Corrupt(string name) =>
        new(TenantDbErrorKind.Corrupt, $"the stored state of sequence \"{name}\" is malformed");
}
