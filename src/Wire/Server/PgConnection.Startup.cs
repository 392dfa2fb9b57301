using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using Microsoft.Extensions.Logging;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Wire.Auth;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Server;

// Startup phase: SSL/GSS negotiation, CancelRequest, StartupMessage, SCRAM-SHA-256, session setup.
internal sealed partial class PgConnection
{
    /// <summary>Returns true when the connection is authenticated and ready for queries.</summary>
    private async Task<bool> StartupAsync(CancellationToken cancellationToken)
    {
        StartupMessage? startup = null;
        var tlsDone = false;
        while (startup is null)
        {
            var (code, payload) = await ReadStartupPacketAsync(cancellationToken).ConfigureAwait(false);
            switch (code)
            {
                case StartupCode.SslRequest when !tlsDone:
                    if (_server.Certificate is null)
                    {
                        _writer.WriteSslResponse(false);
                        await _writer.FlushAsync(_stream, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    _writer.WriteSslResponse(true);
                    await _writer.FlushAsync(_stream, cancellationToken).ConfigureAwait(false);
                    await StartTlsAsync(cancellationToken).ConfigureAwait(false);
                    tlsDone = true;
                    continue;
                case StartupCode.GssEncRequest:
                    _writer.WriteSslResponse(false);
                    await _writer.FlushAsync(_stream, cancellationToken).ConfigureAwait(false);
                    continue;
                case StartupCode.CancelRequest:
                    var cancel = FrontendMessageDecoder.DecodeCancelRequest(payload);
                    _server.Cancel(cancel.ProcessId, cancel.SecretKey);
                    return false;
                case StartupCode.ProtocolVersion3:
                    startup = FrontendMessageDecoder.DecodeStartup(payload);
                    break;
                default:
                    if (code >> 16 == 3)
                    {
                        // A 3.x minor version we do not know: serve 3.0 (NegotiateProtocolVersion is optional for minor 0 servers).
                        startup = FrontendMessageDecoder.DecodeStartup(payload);
                        break;
                    }
                    throw new PgProtocolException($"unsupported frontend protocol {code >> 16}.{code & 0xffff}: server supports 3.0", SqlState.FeatureNotSupported);
            }
        }

        var user = startup.Get("user");
        if (string.IsNullOrEmpty(user))
        {
            WireMetrics.Refuse(WireMetrics.Cause.Protocol);
            await SendFatalAsync(PgError.Fatal(SqlState.InvalidAuthorizationSpecification, "no PostgreSQL user name specified in startup packet")).ConfigureAwait(false);
            return false;
        }
        var tenant = startup.Get("database") is { Length: > 0 } db ? db : user;
        // Checked before authenticating, so refused clients cost no SCRAM work; the slot is taken after it.
        if (_server.Slots.RefusalFor(tenant) is { } full)
        {
            WireMetrics.Refuse(ConnectionSlots.IsTenantLimit(full) ? WireMetrics.Cause.TenantConnectionLimit : WireMetrics.Cause.TooManyConnections);
            await SendFatalAsync(PgError.Fatal(SqlState.TooManyConnections, full)).ConfigureAwait(false);
            return false;
        }
        JoinLane(tenant);
        var engine = _server.EngineFor(tenant);
        if (engine is null)
        {
            WireMetrics.Refuse(WireMetrics.Cause.UnknownDatabase);
            await SendFatalAsync(PgError.Fatal(SqlState.InvalidCatalogName, $"database \"{tenant}\" does not exist")).ConfigureAwait(false);
            return false;
        }
        if (!await AuthenticateAsync(engine, tenant, user, cancellationToken).ConfigureAwait(false))
        {
            WireMetrics.Refuse(WireMetrics.Cause.AuthenticationFailed);
            ConnectionLog.AuthenticationFailed(_log, user, tenant);
            await SendFatalAsync(PgError.Fatal(SqlState.InvalidPassword, $"password authentication failed for user \"{user}\"")).ConfigureAwait(false);
            return false;
        }

        if (_server.Slots.TryReserve(tenant) is { } refusal)
        {
            WireMetrics.Refuse(ConnectionSlots.IsTenantLimit(refusal) ? WireMetrics.Cause.TenantConnectionLimit : WireMetrics.Cause.TooManyConnections);
            await SendFatalAsync(PgError.Fatal(SqlState.TooManyConnections, refusal)).ConfigureAwait(false);
            return false;
        }
        SessionTenant = tenant;
        try
        {
            _engine = engine;
            _session = await Scheduler.RunAsync(_lane!, () => engine.OpenSession(tenant)).ConfigureAwait(false);
        }
        catch (TenantDbException ex)
        {
            WireMetrics.Refuse(WireMetrics.Cause.SessionFailed);
            await SendFatalAsync(EngineErrorMapper.ToPgError(ex) with { Severity = "FATAL" }).ConfigureAwait(false);
            return false;
        }
        var parameters = new SessionParameters(ServerParameters.Create(user, startup.Get("application_name")));
        foreach (var p in startup.Parameters)
        {
            // Clients may pass run-time settings in the startup packet (e.g. options, DateStyle); remember harmless ones.
            if (p.Key is not ("user" or "database" or "options" or "replication" or "client_encoding") && !ServerParameters.IsReadOnly(p.Key)
                && parameters.TrySet(p.Key, p.Value) is { } tooMuch)
            {
                WireMetrics.Refuse(WireMetrics.Cause.Protocol);
                await SendFatalAsync(PgError.Fatal(SqlState.ProgramLimitExceeded, tooMuch)).ConfigureAwait(false);
                return false;
            }
        }
        _context = new SessionContext(tenant, user, ProcessId, parameters);
        // The startup packet may set default_transaction_read_only.
        _transactions.RefreshDefaults();
        _writer.WriteAuthenticationOk();
        foreach (var name in ServerParameters.Reported)
            _writer.WriteParameterStatus(name, parameters.TryGetValue(name, out var value) ? value : "");
        _writer.WriteBackendKeyData(ProcessId, SecretKey);
        _writer.WriteReadyForQuery((byte)'I');
        await _writer.FlushAsync(_stream, cancellationToken).ConfigureAwait(false);
        _server.Register(this);
        ConnectionLog.Authenticated(_log, user, tenant);
        return true;
    }

    private async Task<bool> AuthenticateAsync(TenantDbEngine engine, string tenant, string user, CancellationToken cancellationToken)
    {
        var verifier = engine.FindScramVerifier(tenant, user);
        var scram = verifier is null
            ? new ScramSha256Server(ScramSha256Server.MockCredentials(engine.UnknownUserScramSalt(tenant, user), engine.Options.ScramIterations), real: false)
            : new ScramSha256Server(new ScramCredentials(verifier.Salt, verifier.Iterations, verifier.StoredKey, verifier.ServerKey));

        _writer.WriteAuthenticationSasl();
        await _writer.FlushAsync(_stream, cancellationToken).ConfigureAwait(false);

        var initial = FrontendMessageDecoder.DecodeSaslInitialResponse(await ReadPasswordMessageAsync(cancellationToken).ConfigureAwait(false));
        if (initial.Mechanism != "SCRAM-SHA-256")
            throw new PgProtocolException($"SASL authentication mechanism {initial.Mechanism} is not supported", SqlState.InvalidAuthorizationSpecification);
        var serverFirst = initial.Data is null ? null : scram.HandleClientFirst(initial.Data);
        if (serverFirst is null) throw new PgProtocolException("malformed SCRAM message", SqlState.ProtocolViolation);
        _writer.WriteAuthenticationSaslContinue(serverFirst);
        await _writer.FlushAsync(_stream, cancellationToken).ConfigureAwait(false);

        var serverFinal = scram.HandleClientFinal(await ReadPasswordMessageAsync(cancellationToken).ConfigureAwait(false));
        if (serverFinal is null) return false;
        _writer.WriteAuthenticationSaslFinal(serverFinal);
        return true;
    }

    private async Task<byte[]> ReadPasswordMessageAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            // SCRAM messages are short; a large one is hostile.
            if (PgFrameReader.TryReadMessage(ref buffer, 16 * 1024, out var type, out var payload))
            {
                var bytes = payload.ToArray();
                _reader.AdvanceTo(buffer.Start);
                if (type != (byte)FrontendMessageType.Password)
                    throw new PgProtocolException($"expected SASL response, got message type {type}");
                return bytes;
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted) throw new EndOfStreamException("client closed the connection during authentication");
        }
    }

    private async Task<(int Code, byte[] Payload)> ReadStartupPacketAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (PgFrameReader.TryReadStartup(ref buffer, _server.Settings.MaxMessageSize, out var code, out var payload))
            {
                var bytes = payload.ToArray();
                _reader.AdvanceTo(buffer.Start);
                return (code, bytes);
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted) throw new EndOfStreamException("client closed the connection during startup");
        }
    }

    private async Task StartTlsAsync(CancellationToken cancellationToken)
    {
        // The client sends nothing after SSLRequest until it sees 'S', so the pipe holds no bytes we could lose here.
        await _reader.CompleteAsync().ConfigureAwait(false);
        var ssl = new SslStream(_stream, leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = _server.Certificate,
            ClientCertificateRequired = false,
        }, cancellationToken).ConfigureAwait(false);
        _stream = ssl;
        _reader = CreateReader(_stream);
    }
}
