using System.Globalization;
using System.Text;
using Npgsql;

namespace TenantDb.Wire.Tests.Sql;

/// <summary>What the reference tests compare between PostgreSQL and TenantDb: a connection with a schema, and a result as text.</summary>
internal static class PostgresComparison
{
    /// <summary>An open connection to <paramref name="connectionString"/> on which <paramref name="schema"/> has run.</summary>
    public static NpgsqlConnection Open(string connectionString, string schema)
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(schema, connection);
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Column names and type names, then the rows' values as text (in a fixed order: UNION ALL keeps none).</summary>
    public static string Result(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var shape = new StringBuilder();
        for (var i = 0; i < reader.FieldCount; i++) shape.Append(CultureInfo.InvariantCulture, $"{reader.GetName(i)}:{reader.GetDataTypeName(i)} ");
        var rows = new List<string>();
        while (reader.Read())
        {
            var row = new StringBuilder();
            for (var i = 0; i < reader.FieldCount; i++) row.Append(reader.IsDBNull(i) ? "NULL" : Text(reader, i)).Append('|');
            rows.Add(row.ToString());
        }
        rows.Sort(StringComparer.Ordinal);
        return shape + "=> " + string.Join(" ; ", rows);
    }

    private static string Text(NpgsqlDataReader reader, int i)
    {
        // Intervals with months have no TimeSpan: compared by their three fields.
        if (reader.GetDataTypeName(i) == "interval")
        {
            var interval = reader.GetFieldValue<NpgsqlTypes.NpgsqlInterval>(i);
            return $"{interval.Months} mons {interval.Days} days {interval.Time} us";
        }
        var value = reader.GetValue(i);
        return value is byte[] bytes ? "\\x" + Convert.ToHexStringLower(bytes) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
    }
}
