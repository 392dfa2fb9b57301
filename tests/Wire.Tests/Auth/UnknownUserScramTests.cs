using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using TenantDb.Engine;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Tests.Exhaustion;
using TenantDb.Wire.Tests.Protocol;
using TenantDb.TestKit;

namespace TenantDb.Wire.Tests.Auth;

/// <summary>
/// A SCRAM exchange for a user that does not exist looks like one for a user that does: the salt is
/// derived from a secret the server keeps in its catalog (stable per name, across restarts and for
/// every server over the same data directory, and not computable by a client), the iteration count
/// is the real one, and the exchange fails only at the proof, with the wrong-password error.
/// </summary>
public sealed partial class UnknownUserScramTests : IDisposable
{
    private readonly TempDirectory _root = new("tenantdb-scram-");

    public void Dispose()
    {
        _root.Dispose();
    }

    [Fact]
    public void The_unknown_user_salt_is_keyed_by_a_secret_persisted_in_the_data_directory()
    {
        var dir = Path.Combine(_root.Path, "a");
        byte[] salt, otherName;
        using (var engine = TenantDbEngine.Open(dir))
        {
            engine.CreateTenant("t");
            salt = engine.UnknownUserScramSalt("t", "nobody");
            otherName = engine.UnknownUserScramSalt("t", "nobody2");
            Assert.Equal(salt, engine.UnknownUserScramSalt("t", "nobody"));
        }
        Assert.Equal(16, salt.Length);
        Assert.NotEqual(salt, otherName);

        // A restart, and two engines open on the same directory at once, give the same salt.
        using (var again = TenantDbEngine.Open(dir)) Assert.Equal(salt, again.UnknownUserScramSalt("t", "nobody"));
        using (var one = TenantDbEngine.Open(dir))
        using (var two = TenantDbEngine.Open(dir))
            Assert.Equal(one.UnknownUserScramSalt("t", "ghost"), two.UnknownUserScramSalt("t", "ghost"));

        // Another data directory has another secret; and the salt is not what a client could compute
        // from the names alone (the derivation that was used before).
        using (var elsewhere = TenantDbEngine.Open(Path.Combine(_root.Path, "b"))) Assert.NotEqual(salt, elsewhere.UnknownUserScramSalt("t", "nobody"));
        Assert.NotEqual(UnkeyedSalt("t", "nobody"), salt);
    }

    [Fact]
    public async Task Two_servers_over_one_data_directory_show_an_unknown_user_the_same_salt_shaped_like_a_real_one()
    {
        var dir = Path.Combine(_root.Path, "data");
        ServerFirst unknownBefore, known;
        (string Code, string Message) unknownFailure, knownFailure;
        await using (var server = ExhaustionServer.Start(new ServerSettings(), TenantDbEngine.Open(dir, new EngineOptions { ScramIterations = 4096 })))
        {
            (unknownBefore, unknownFailure) = await AttemptAsync(server.Port, "nobody");
            (known, knownFailure) = await AttemptAsync(server.Port, ExhaustionServer.User);
            var (unknownAgain, _) = await AttemptAsync(server.Port, "nobody");
            Assert.Equal(unknownBefore.Salt, unknownAgain.Salt);
        }
        await using (var restarted = ExhaustionServer.Start(new ServerSettings(), TenantDbEngine.Open(dir, new EngineOptions { ScramIterations = 4096 })))
        {
            var (unknownAfter, _) = await AttemptAsync(restarted.Port, "nobody");
            Assert.Equal(unknownBefore.Salt, unknownAfter.Salt);
            var (knownAfter, _) = await AttemptAsync(restarted.Port, ExhaustionServer.User);
            Assert.Equal(known.Salt, knownAfter.Salt);
        }

        // The same shape: nonce extension length, salt length, iteration count; the same failure.
        Assert.Equal(known.NonceExtensionLength, unknownBefore.NonceExtensionLength);
        Assert.Equal(16, Convert.FromBase64String(known.Salt).Length);
        Assert.Equal(16, Convert.FromBase64String(unknownBefore.Salt).Length);
        Assert.Equal(known.Iterations, unknownBefore.Iterations);
        Assert.Equal(known.Fields, unknownBefore.Fields);
        Assert.Equal("28P01", knownFailure.Code);
        Assert.Equal(knownFailure, (unknownFailure.Code, unknownFailure.Message.Replace("\"nobody\"", $"\"{ExhaustionServer.User}\"", StringComparison.Ordinal)));
    }

    private sealed record ServerFirst(string Salt, int Iterations, int NonceExtensionLength, string Fields);

    /// <summary>Logs in as <paramref name="user"/> of the victim tenant with a wrong password.</summary>
    private static async Task<(ServerFirst First, (string Code, string Message) Failure)> AttemptAsync(int port, string user)
    {
        using var s = await AttackerSocket.ConnectAsync(port);
        await s.SendAsync(FrontendEncoder.Startup([new("user", user), new("database", ExhaustionServer.Victim)]));
        var sasl = await s.ReadFrameAsync();
        Assert.Equal('R', sasl.Type);
        var clientNonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        var bare = $"n=,r={clientNonce}";
        await s.SendAsync(FrontendEncoder.Message((byte)'p', b =>
        {
            FrontendEncoder.CString(b, "SCRAM-SHA-256");
            var data = Encoding.UTF8.GetBytes("n,," + bare);
            FrontendEncoder.Int32(b, data.Length);
            b.AddRange(data);
        }));
        var frame = await s.ReadFrameAsync();
        Assert.Equal('R', frame.Type);
        var text = Encoding.UTF8.GetString(frame.Payload, 4, frame.Payload.Length - 4);
        var m = ServerFirstShape().Match(text);
        Assert.True(m.Success, text);
        Assert.StartsWith(clientNonce, m.Groups["r"].Value, StringComparison.Ordinal);
        var first = new ServerFirst(m.Groups["s"].Value, int.Parse(m.Groups["i"].Value, System.Globalization.CultureInfo.InvariantCulture),
            m.Groups["r"].Value.Length - clientNonce.Length, ServerFirstShape().Replace(text, "r=R,s=S,i=I"));

        var (final, _) = ScramTests.ClientFinal("wrong password", bare, text);
        await s.SendAsync(FrontendEncoder.Message((byte)'p', b => b.AddRange(Encoding.UTF8.GetBytes(final))));
        var error = await s.ReadFrameAsync();
        Assert.Equal('E', error.Type);
        return (first, (AttackerSocket.ErrorCode(error.Payload), Encoding.UTF8.GetString(error.Payload).Replace('\0', '|')));
    }

    private static byte[] UnkeyedSalt(string tenant, string user) =>
        SHA256.HashData(Encoding.UTF8.GetBytes("tenantdb-mock:" + tenant + "\0" + user)).AsSpan(0, 16).ToArray();

    [GeneratedRegex(@"^r=(?<r>[A-Za-z0-9+/=]+),s=(?<s>[A-Za-z0-9+/=]+),i=(?<i>[0-9]+)$")]
    private static partial Regex ServerFirstShape();
}
