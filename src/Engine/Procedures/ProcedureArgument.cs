using System.Globalization;
using System.Text;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// Converts a CALL argument to its parameter's declared type, the way PostgreSQL casts an
/// untyped literal: text arriving from a driver ('42', 'true') becomes the declared type.
/// </summary>
internal static class ProcedureArgument
{
    public static SqlValue Coerce(SqlValue value, ProcedureColumn parameter)
    {
        if (value.IsNull) return value;
        SqlValue? converted = parameter.Type switch
        {
            ProcedureType.Int8 => value.Type switch
            {
                SqlType.Integer => value,
                SqlType.Real when Math.Floor(value.AsReal) == value.AsReal && Math.Abs(value.AsReal) < 9.2e18 => SqlValue.Integer((long)value.AsReal),
                SqlType.Text when long.TryParse(value.AsText.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n) => SqlValue.Integer(n),
                _ => null,
            },
            ProcedureType.Float8 => value.Type switch
            {
                SqlType.Real => value,
                SqlType.Integer => SqlValue.Real(value.AsInteger),
                SqlType.Text when double.TryParse(value.AsText.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => SqlValue.Real(d),
                _ => null,
            },
            ProcedureType.Text => value.Type switch
            {
                SqlType.Text => value,
                SqlType.Integer => SqlValue.Text(value.AsInteger.ToString(CultureInfo.InvariantCulture)),
                SqlType.Real => SqlValue.Text(value.AsReal.ToString("R", CultureInfo.InvariantCulture)),
                _ => null,
            },
            ProcedureType.Bytea => value.Type switch
            {
                SqlType.Blob => value,
                SqlType.Text => SqlValue.Blob(Encoding.UTF8.GetBytes(value.AsText)),
                _ => null,
            },
            _ => value.Type switch
            {
                SqlType.Integer when value.AsInteger is 0 or 1 => value,
                SqlType.Text => ParseBool(value.AsText),
                _ => null,
            },
        };
        return converted ?? throw new TenantDbException(TenantDbErrorKind.InvalidText,
            $"invalid input for parameter {parameter.Name} of type {ProcedureSignature.TypeName(parameter.Type)}: {value}");
    }

    private static SqlValue? ParseBool(string text) => text.Trim().ToLowerInvariant() switch
    {
        "t" or "true" or "1" or "yes" or "on" => SqlValue.Integer(1),
        "f" or "false" or "0" or "no" or "off" => SqlValue.Integer(0),
        _ => null,
    };
}
