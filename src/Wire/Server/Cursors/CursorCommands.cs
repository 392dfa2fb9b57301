using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Server.Cursors;

/// <summary>DECLARE name [BINARY] [[NO] SCROLL] CURSOR [WITH[OUT] HOLD] FOR query.</summary>
/// <param name="Name">The cursor's name (folded to lower case unless quoted).</param>
/// <param name="Binary">BINARY: rows come in binary format unless Bind asks otherwise.</param>
/// <param name="Scroll">SCROLL: rows may be fetched backwards and again.</param>
/// <param name="Hold">WITH HOLD: the cursor outlives the transaction that declared it.</param>
/// <param name="Query">The SELECT or VALUES it reads.</param>
internal sealed record CursorDeclaration(string Name, bool Binary, bool Scroll, bool Hold, ClientStatement Query);

/// <summary>FETCH or MOVE: a motion on one cursor.</summary>
/// <param name="Name">The cursor's name.</param>
/// <param name="Motion">Where to move.</param>
/// <param name="IsMove">MOVE: position only, answer <c>MOVE n</c>.</param>
internal sealed record CursorFetch(string Name, FetchMotion Motion, bool IsMove);

/// <summary>CLOSE name, or CLOSE ALL (<paramref name="Name"/> null).</summary>
internal sealed record CursorClose(string? Name);
