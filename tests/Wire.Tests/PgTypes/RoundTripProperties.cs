using System.Globalization;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Npgsql;
using NpgsqlTypes;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.PgTypes;

/// <summary>
/// Every supported declared type, over the wire: a random value written into a column of the type with an
/// Npgsql parameter, once in binary format (Npgsql's own encoding of the CLR value) and once in text format
/// (PostgreSQL's text form sent with no type, as psql or node-pg would), reads back equal to the value.
/// </summary>
public sealed class RoundTripProperties(WireServerFixture server) : IClassFixture<WireServerFixture>, IDisposable
{
    private const int Tests = 40;
    private const string Piece = "aZ09 ,\"'\\{}()\t\né€ß";

    private NpgsqlConnection? _connection;
    private readonly HashSet<string> _tables = [];
    private int _key;

    private NpgsqlConnection Connection
    {
        get
        {
            if (_connection is null)
            {
                _connection = new NpgsqlConnection(server.ConnectionString(server.NewTenant("roundtrip")));
                _connection.Open();
            }
            return _connection;
        }
    }

    public void Dispose() => _connection?.Dispose();

    /// <summary>Writes <paramref name="value"/> both ways into a <paramref name="sqlType"/> column and reads each back.</summary>
    private bool RoundTrips<T>(string sqlType, NpgsqlDbType dbType, T value, string text, Func<T, T, bool>? equal = null)
    {
        var table = "rt_" + new string([.. sqlType.Where(char.IsAsciiLetterOrDigit)]);
        if (_tables.Add(table))
        {
            using var create = new NpgsqlCommand($"CREATE TABLE {table} (k int4 PRIMARY KEY, v {sqlType})", Connection);
            create.ExecuteNonQuery();
        }
        equal ??= (a, b) => EqualityComparer<T>.Default.Equals(a, b);
        foreach (var binary in new[] { true, false })
        {
            int key = ++_key;
            using (var insert = new NpgsqlCommand($"INSERT INTO {table} (k, v) VALUES ($1, $2)", Connection))
            {
                insert.Parameters.Add(new NpgsqlParameter { Value = key });
                insert.Parameters.Add(binary ? new NpgsqlParameter { Value = value, NpgsqlDbType = dbType } : new NpgsqlParameter { Value = text, NpgsqlDbType = NpgsqlDbType.Unknown });
                insert.ExecuteNonQuery();
            }
            using var select = new NpgsqlCommand($"SELECT v FROM {table} WHERE k = $1", Connection);
            select.Parameters.Add(new NpgsqlParameter { Value = key });
            using var reader = select.ExecuteReader();
            if (!reader.Read()) throw new InvalidOperationException($"row {key} not found");
            var back = reader.GetFieldValue<T>(0);
            if (!equal(value, back))
                throw new InvalidOperationException($"{sqlType} {(binary ? "binary" : "text")}: wrote {Show(value)} (text {text}), read {Show(back)}");
        }
        return true;
    }

    private static string Show<T>(T value) => value switch
    {
        byte[] b => Convert.ToHexString(b),
        System.Collections.IEnumerable e and not string => "[" + string.Join(",", e.Cast<object?>().Select(o => o?.ToString() ?? "NULL")) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "NULL",
    };

    private static string Invariant(IFormattable value, string? format = null) => value.ToString(format, CultureInfo.InvariantCulture);

    private static Gen<string> Strings(int maxPieces, bool ascii = false) =>
        Gen.ListOf(ascii ? Gen.Elements("a", "Z", "0", " ", ",", "\"", "'", "\\", "{", "}", "x") : Gen.Elements([.. Piece.Select(c => c.ToString()), "😀", "\u00a0"]))
            .Select(pieces => string.Concat(pieces.Take(maxPieces)));

    private static Gen<long> Micros(long min, long max) =>
        Gen.Choose(0, int.MaxValue).Zip(Gen.Choose(0, int.MaxValue)).Select(t => min + (long)(((ulong)t.Item1 << 31 | (uint)t.Item2) % (ulong)(max - min)));

    [Property(MaxTest = Tests)]
    public Property Integers() =>
        Prop.ForAll(ArbMap.Default.ArbFor<short>(), ArbMap.Default.ArbFor<int>(), ArbMap.Default.ArbFor<long>(), (a, b, c) =>
            RoundTrips("int2", NpgsqlDbType.Smallint, a, Invariant(a))
            && RoundTrips("int4", NpgsqlDbType.Integer, b, Invariant(b))
            && RoundTrips("int8", NpgsqlDbType.Bigint, c, Invariant(c))
            && RoundTrips("int8", NpgsqlDbType.Bigint, long.MinValue, Invariant(long.MinValue)));

    private static string FloatText(double d) =>
        double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : Invariant(d, "R");

    private static bool SameFloat(double a, double b) => a.Equals(b);

    [Property(MaxTest = Tests)]
    public Property Floats_with_nan_and_infinities() =>
        Prop.ForAll(
            Gen.Frequency((4, ArbMap.Default.GeneratorFor<double>()), (1, Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue))).ToArbitrary(),
            d => RoundTrips("float8", NpgsqlDbType.Double, d, FloatText(d), SameFloat)
                && RoundTrips("float4", NpgsqlDbType.Real, (float)d, FloatText((float)d), (x, y) => x.Equals(y)));

    // Digits as text, so values wider than a double (and than decimal's 28 digits at the edges) are exercised.
    private static Gen<(bool Negative, string Integer, string Fraction)> Decimals(int integerDigits, int fractionDigits) =>
        Gen.Elements(true, false)
            .Zip(Gen.Choose(0, integerDigits).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 9), n)))
            .Zip(Gen.Choose(0, fractionDigits).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 9), n)))
            .Select(t => (t.Item1.Item1, string.Concat(t.Item1.Item2), string.Concat(t.Item2)));

    private bool NumericRoundTrips(string sqlType, int scale, (bool Negative, string Integer, string Fraction) d)
    {
        var text = (d.Negative ? "-" : "") + (d.Integer.Length == 0 ? "0" : d.Integer) + (d.Fraction.Length > 0 ? "." + d.Fraction : "");
        var value = decimal.Parse(text, CultureInfo.InvariantCulture);
        // numeric(p,s) shows exactly s fraction digits.
        return RoundTrips(sqlType, NpgsqlDbType.Numeric, value, text, (a, b) => a == b && Invariant(b) == Invariant(a, "F" + scale));
    }

    [Property(MaxTest = Tests)]
    public Property Numerics_exact_beyond_a_double() =>
        Prop.ForAll(Decimals(22, 6).ToArbitrary(), Decimals(8, 2).ToArbitrary(), (wide, narrow) =>
            NumericRoundTrips("numeric(28,6)", 6, wide) && NumericRoundTrips("numeric(10,2)", 2, narrow));

    [Property(MaxTest = Tests)]
    public Property Booleans_and_uuids() =>
        Prop.ForAll(ArbMap.Default.ArbFor<bool>(), ArbMap.Default.ArbFor<Guid>(), (b, u) =>
            RoundTrips("bool", NpgsqlDbType.Boolean, b, b ? "true" : "false")
            && RoundTrips("uuid", NpgsqlDbType.Uuid, u, u.ToString()));

    [Property(MaxTest = Tests)]
    public Property Strings_text_varchar_and_char() =>
        Prop.ForAll(Strings(30).ToArbitrary(), Strings(8, ascii: true).ToArbitrary(), (s, shortText) =>
            RoundTrips("text", NpgsqlDbType.Text, s, s)
            && RoundTrips("varchar(8)", NpgsqlDbType.Varchar, shortText, shortText)
            // character(n) is blank-padded to n; trailing blanks are not significant.
            && RoundTrips("char(8)", NpgsqlDbType.Char, shortText, shortText, (a, b) => b.Length == 8 && a.TrimEnd(' ') == b.TrimEnd(' ')));

    [Property(MaxTest = Tests)]
    public Property Bytea() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
            RoundTrips("bytea", NpgsqlDbType.Bytea, bytes, "\\x" + Convert.ToHexString(bytes).ToLowerInvariant(), (a, b) => a.AsSpan().SequenceEqual(b)));

    // Years 1 to 9999 in microseconds from 0001-01-01 (what DateTime holds; PostgreSQL's range is wider).
    private const long MaxMicros = 3_155_378_975_999_999_999L / 10;

    [Property(MaxTest = Tests)]
    public Property Dates_times_and_timestamps() =>
        Prop.ForAll(Micros(0, MaxMicros).ToArbitrary(), Gen.Choose(-14 * 60, 14 * 60).ToArbitrary(), (micros, offsetMinutes) =>
        {
            var local = new DateTime(micros * 10, DateTimeKind.Unspecified);
            var utc = DateTime.SpecifyKind(local, DateTimeKind.Utc);
            var date = DateOnly.FromDateTime(local);
            var time = TimeOnly.FromDateTime(local);
            // timestamptz text in another zone: the same instant.
            var shifted = local.AddMinutes(offsetMinutes);
            var offset = (offsetMinutes < 0 ? "-" : "+") + Invariant(Math.Abs(offsetMinutes) / 60, "00") + ":" + Invariant(Math.Abs(offsetMinutes) % 60, "00");
            bool shiftable = shifted.Year is >= 1 and <= 9999 && local.Year is > 1 and < 9999;
            return RoundTrips("date", NpgsqlDbType.Date, date, Invariant(date, "yyyy-MM-dd"))
                && RoundTrips("time", NpgsqlDbType.Time, time, Invariant(time, "HH:mm:ss.ffffff"))
                && RoundTrips("timestamp", NpgsqlDbType.Timestamp, local, Invariant(local, "yyyy-MM-dd HH:mm:ss.ffffff"))
                && RoundTrips("timestamptz", NpgsqlDbType.TimestampTz, utc, shiftable ? Invariant(shifted, "yyyy-MM-dd HH:mm:ss.ffffff") + offset : Invariant(utc, "yyyy-MM-dd HH:mm:ss.ffffff") + "+00");
        });

    [Property(MaxTest = Tests)]
    public Property Intervals() =>
        Prop.ForAll(Micros(-100_000L * 86_400_000_000, 100_000L * 86_400_000_000).ToArbitrary(), micros =>
        {
            var value = TimeSpan.FromTicks(micros * 10);
            var magnitude = value.Duration();
            var sign = value < TimeSpan.Zero ? "-" : "";
            var text = $"{sign}{magnitude.Days} days {sign}{Invariant(magnitude.Hours, "00")}:{Invariant(magnitude.Minutes, "00")}:{Invariant(magnitude.Seconds, "00")}.{Invariant(magnitude.Ticks % TimeSpan.TicksPerSecond / 10, "000000")}";
            return RoundTrips("interval", NpgsqlDbType.Interval, value, text);
        });

    private static Gen<string> JsonDocuments =>
        Gen.Choose(int.MinValue, int.MaxValue).Zip(Strings(6, ascii: true)).Zip(Gen.Elements("true", "null", "[1, 2.5, \"x\"]", "{}"))
            .Select(t => new JsonObject { ["n"] = t.Item1.Item1, ["s"] = t.Item1.Item2, ["v"] = JsonNode.Parse(t.Item2) }.ToJsonString());

    [Property(MaxTest = Tests)]
    public Property Json_and_jsonb() =>
        Prop.ForAll(JsonDocuments.ToArbitrary(), json =>
            RoundTrips("json", NpgsqlDbType.Json, json, json)
            && RoundTrips("jsonb", NpgsqlDbType.Jsonb, json, json, (a, b) => JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b))));

    private static string ArrayLiteral<T>(IEnumerable<T> items, Func<T, string> element) => "{" + string.Join(",", items.Select(element)) + "}";

    private static string Quoted(string? s) => s is null ? "NULL" : "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    [Property(MaxTest = Tests)]
    public Property One_dimensional_arrays() =>
        Prop.ForAll(
            Gen.ArrayOf(Gen.Frequency((1, Gen.Constant<int?>(null)), (5, ArbMap.Default.GeneratorFor<int>().Select(i => (int?)i)))).ToArbitrary(),
            Gen.ArrayOf(Gen.Frequency((1, Gen.Constant<string?>(null)), (5, Strings(6).Select(s => (string?)s)))).ToArbitrary(),
            Gen.ArrayOf(ArbMap.Default.GeneratorFor<bool>()).ToArbitrary(),
            (ints, texts, bools) =>
                RoundTrips("int4[]", NpgsqlDbType.Array | NpgsqlDbType.Integer, ints, ArrayLiteral(ints, i => i is null ? "NULL" : Invariant(i.Value)), (a, b) => a.SequenceEqual(b))
                && RoundTrips("text[]", NpgsqlDbType.Array | NpgsqlDbType.Text, texts, ArrayLiteral(texts, Quoted), (a, b) => a.SequenceEqual(b))
                && RoundTrips("bool[]", NpgsqlDbType.Array | NpgsqlDbType.Boolean, bools, ArrayLiteral(bools, b => b ? "t" : "f"), (a, b) => a.SequenceEqual(b)));
}
