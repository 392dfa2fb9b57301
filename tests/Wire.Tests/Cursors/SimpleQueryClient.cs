using System.Buffers.Binary;
using System.Text;
using TenantDb.Wire.Tests.EndToEnd;
using TenantDb.Wire.Tests.Protocol;

namespace TenantDb.Wire.Tests.Cursors;

/// <summary>What one simple Query answered: the rows of each result (text format), the command tags, the first error's SQLSTATE.</summary>
internal sealed record QueryAnswer(List<string?[]> Rows, List<string> Tags, string? ErrorCode, string? ErrorMessage, int RowDescriptions, char Status)
{
    /// <summary>The first column of every row.</summary>
    public List<string?> FirstColumn => [.. Rows.Select(r => r[0])];
}

/// <summary>Sends simple Query messages over <see cref="RawPgClient"/> and decodes the answer.</summary>
internal sealed class SimpleQueryClient(RawPgClient client) : IDisposable
{
    public static async Task<SimpleQueryClient> ConnectAsync(WireServerFixture server, string tenant) =>
        new(await RawPgClient.ConnectAsync(server.Port, tenant, WireServerFixture.AppUser, WireServerFixture.AppPassword));

    public RawPgClient Raw => client;

    public async Task<QueryAnswer> QueryAsync(string sql)
    {
        await client.SendAsync(FrontendEncoder.Query(sql));
        return Decode(await client.ReadUntilReadyAsync());
    }

    /// <summary>Runs <paramref name="sql"/> and fails the test on an error.</summary>
    public async Task<QueryAnswer> OkAsync(string sql)
    {
        var answer = await QueryAsync(sql);
        Assert.True(answer.ErrorCode is null, $"{sql}: {answer.ErrorCode} {answer.ErrorMessage}");
        return answer;
    }

    public static QueryAnswer Decode(List<(char Type, byte[] Payload)> frames)
    {
        List<string?[]> rows = [];
        List<string> tags = [];
        string? code = null, message = null;
        var descriptions = 0;
        var status = '?';
        foreach (var (type, payload) in frames)
        {
            switch (type)
            {
                case 'T':
                    descriptions++;
                    break;
                case 'D':
                    rows.Add(DataRow(payload));
                    break;
                case 'C':
                    tags.Add(RawPgClient.Text(payload));
                    break;
                case 'E':
                    foreach (var field in Fields(payload))
                    {
                        if (field.Key == 'C') code ??= field.Value;
                        if (field.Key == 'M') message ??= field.Value;
                    }
                    break;
                case 'Z':
                    status = (char)payload[0];
                    break;
            }
        }
        return new QueryAnswer(rows, tags, code, message, descriptions, status);
    }

    public static string?[] DataRow(byte[] payload)
    {
        var count = BinaryPrimitives.ReadInt16BigEndian(payload);
        var values = new string?[count];
        var at = 2;
        for (var i = 0; i < count; i++)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(at));
            at += 4;
            if (length < 0) continue;
            values[i] = Encoding.UTF8.GetString(payload, at, length);
            at += length;
        }
        return values;
    }

    private static IEnumerable<KeyValuePair<char, string>> Fields(byte[] payload)
    {
        var at = 0;
        while (at < payload.Length && payload[at] != 0)
        {
            var key = (char)payload[at++];
            var end = Array.IndexOf(payload, (byte)0, at);
            yield return new(key, Encoding.UTF8.GetString(payload, at, end - at));
            at = end + 1;
        }
    }

    public void Dispose() => client.Dispose();
}
