namespace TenantDb.Wire.Protocol;

/// <summary>One RowDescription field: name, type and the format the values are sent in.</summary>
/// <param name="Name">Column name as the client sees it.</param>
/// <param name="TypeOid">PostgreSQL type OID.</param>
/// <param name="TypeSize">pg_type.typlen (-1 for variable length).</param>
/// <param name="Format">0 = text, 1 = binary.</param>
/// <param name="TypeModifier">pg_attribute.atttypmod: <c>varchar(20)</c> is 24, <c>numeric(10,2)</c> 655366; -1 for none.</param>
internal readonly record struct PgColumn(string Name, uint TypeOid, short TypeSize, short Format, int TypeModifier = -1);
