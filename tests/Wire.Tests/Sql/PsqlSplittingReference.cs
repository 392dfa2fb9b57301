using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.Sql;

/// <summary>
/// psql (PostgreSQL's own client lexer, psqlscan) as the reference for statement splitting: psql runs a
/// random script with <c>-f</c> against a tiny recording server on 127.0.0.1 that answers every Query
/// with EmptyQueryResponse, and the texts psql sent must be the statements the front end splits the
/// same script into. Skipped when psql is not installed.
/// </summary>
public sealed class PsqlSplittingReference
{
    [SkippableFact]
    public void Psql_splits_random_scripts_where_the_front_end_does()
    {
        var psql = ExternalTool.Psql.Require();
        // 20 random scripts of up to 6 statements per run (one psql run each); a failure prints the script.
        // psql, unlike the server, does not end a statement at a ';' inside unclosed parentheses (a
        // convenience for typing), so the pieces here keep parentheses balanced.
        var pieces = FrontEndProperties.Tricky.Where(p => p is not ("(" or ")")).ToArray();
        var scripts = FrontEndProperties.ScriptOf(pieces).Sample(20, 20);
        foreach (var script in scripts)
        {
            var text = FrontEndProperties.Join(script);
            // psql sends the empty statement of ";;" on its own; the server skips it.
            var sent = RunPsql(psql, text).Where(s => s.Trim() != ";").ToList();
            var ours = FrontEndProperties.Split(text);
            Assert.True(sent.Count == ours.Count, $"psql sent {sent.Count} statements, the front end found {ours.Count}, in:\n{text}\npsql: {string.Join(" | ", sent)}");
            for (var i = 0; i < sent.Count; i++)
                Assert.True(Tokens(sent[i]).SequenceEqual(Tokens(ours[i].Sql + ";")), $"psql sent \"{sent[i]}\", the front end's statement is \"{ours[i].Sql}\"");
        }
    }

    // psql may change the space between tokens (it ends a -- comment's line its own way): compare tokens.
    private static List<string> Tokens(string sql)
    {
        var tokens = new List<string>();
        var lexer = new TenantDb.Engine.SqlText.SqlLexer(sql);
        while (lexer.Next() is { Kind: not TenantDb.Engine.SqlText.SqlTokenKind.End } token) tokens.Add(sql.Substring(token.Start, token.Length));
        return tokens;
    }

    private static List<string> RunPsql(string psql, string script)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var file = Path.Combine(Path.GetTempPath(), $"tenantdb-split-{Guid.NewGuid():N}.sql");
        File.WriteAllText(file, script);
        try
        {
            var received = new List<string>();
            var server = Task.Run(() => Record(listener, received));
            var env = new Dictionary<string, string> { ["PGCONNECT_TIMEOUT"] = "10", ["PGSSLMODE"] = "disable" };
            var (code, stdout, stderr) = ChildProcess.Run(psql, ["-X", "-q", "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "u", "-d", "d", "-f", file], env);
            Assert.True(code == 0, $"psql failed ({code}): {stderr}\n{stdout}");
            Assert.True(server.Wait(TimeSpan.FromSeconds(30)), "the recording server did not finish");
            return received;
        }
        finally
        {
            listener.Stop();
            File.Delete(file);
        }
    }

    // One connection: trust authentication, then EmptyQueryResponse for each Query until Terminate.
    private static void Record(TcpListener listener, List<string> received)
    {
        using var client = listener.AcceptTcpClient();
        using var stream = client.GetStream();
        var length = new byte[4];
        stream.ReadExactly(length);
        stream.ReadExactly(new byte[BinaryPrimitives.ReadInt32BigEndian(length) - 4]);
        Write(stream, 'R', [0, 0, 0, 0]);
        Write(stream, 'S', Encoding.UTF8.GetBytes("server_version\u000015.0\u0000"));
        Write(stream, 'S', Encoding.UTF8.GetBytes("client_encoding\u0000UTF8\u0000"));
        Write(stream, 'Z', [(byte)'I']);
        var header = new byte[5];
        while (true)
        {
            stream.ReadExactly(header);
            var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1)) - 4];
            stream.ReadExactly(payload);
            if (header[0] == (byte)'X') return;
            if (header[0] != (byte)'Q') throw new InvalidOperationException($"psql sent message {(char)header[0]}");
            received.Add(Encoding.UTF8.GetString(payload, 0, payload.Length - 1));
            Write(stream, 'I', []);
            Write(stream, 'Z', [(byte)'I']);
        }
    }

    private static void Write(NetworkStream stream, char type, byte[] payload)
    {
        var message = new byte[5 + payload.Length];
        message[0] = (byte)type;
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), payload.Length + 4);
        payload.CopyTo(message, 5);
        stream.Write(message);
    }
}
