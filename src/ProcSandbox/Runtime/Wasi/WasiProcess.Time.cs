using System.Buffers.Binary;
using System.Security.Cryptography;

namespace TenantDb.ProcSandbox.Runtime.Wasi;

public sealed partial class WasiProcess
{
    /// <summary>Virtual nanoseconds the program has slept through <c>poll_oneoff</c>: time passes without waiting.</summary>
    private ulong _sleptNanoseconds;

    /// <summary>Reads clock <paramref name="id"/>: see <see cref="WasiStartup.RealtimeNanoseconds"/> for what each one says.</summary>
    public int ClockTimeGet(Span<byte> memory, uint id, uint pointer, long fuelConsumed)
    {
        if (!TryClock(id, fuelConsumed, out ulong now)) return Errno(WasiErrno.Invalid);
        return new GuestMemory(memory).TryWriteU64(pointer, now) ? 0 : Errno(WasiErrno.Fault);
    }

    public int ClockResGet(Span<byte> memory, uint id, uint pointer)
    {
        if (id > WasiLayout.ClockThreadCpu) return Errno(WasiErrno.Invalid);
        return new GuestMemory(memory).TryWriteU64(pointer, 1) ? 0 : Errno(WasiErrno.Fault);
    }

    private bool TryClock(uint id, long fuelConsumed, out ulong now)
    {
        ulong fuel = (ulong)Math.Max(fuelConsumed, 0);
        ulong elapsed = ulong.MaxValue - _sleptNanoseconds < fuel ? ulong.MaxValue : fuel + _sleptNanoseconds;
        now = id switch
        {
            WasiLayout.ClockRealtime => _startup.RealtimeNanoseconds,
            WasiLayout.ClockMonotonic or WasiLayout.ClockProcessCpu or WasiLayout.ClockThreadCpu => elapsed,
            _ => 0,
        };
        return id <= WasiLayout.ClockThreadCpu;
    }

    /// <summary>
    /// Waits for clock subscriptions only: the earliest one fires at once and the clocks move on
    /// by its timeout. A subscription to a descriptor fires at once with ENOTSUP in its event.
    /// </summary>
    public int PollOneoff(Span<byte> memory, uint subscriptions, uint events, uint count, uint eventCountPointer, long fuelConsumed)
    {
        if (count == 0) return Errno(WasiErrno.Invalid);
        var m = new GuestMemory(memory);
        if (!m.TrySlice(subscriptions, (ulong)count * WasiLayout.SubscriptionSize, out var input)
            || !m.TrySlice(events, (ulong)count * WasiLayout.EventSize, out var output)
            || !m.Contains(eventCountPointer, 4))
        {
            return Errno(WasiErrno.Fault);
        }

        // First pass: validate every subscription and find how long the earliest clock waits.
        bool anyDescriptor = false;
        ulong earliest = ulong.MaxValue;
        for (int i = 0; i < count; i++)
        {
            var subscription = input.Slice(i * (int)WasiLayout.SubscriptionSize, (int)WasiLayout.SubscriptionSize);
            byte tag = subscription[8];
            if (tag > 2) return Errno(WasiErrno.Invalid);
            if (tag != WasiLayout.EventClock)
            {
                anyDescriptor = true;
                continue;
            }
            uint id = BinaryPrimitives.ReadUInt32LittleEndian(subscription[16..]);
            if (!TryClock(id, fuelConsumed, out ulong now)) return Errno(WasiErrno.Invalid);
            earliest = Math.Min(earliest, Wait(subscription, now));
        }
        if (anyDescriptor) earliest = 0;

        // Every subscription is read before any event is written: the two arrays may overlap.
        uint fired = 0;
        Span<byte> subscriptionCopy = stackalloc byte[(int)WasiLayout.SubscriptionSize];
        Span<byte> eventBytes = stackalloc byte[(int)WasiLayout.EventSize];
        var results = new List<(ulong UserData, ushort Error, byte Type)>();
        for (int i = 0; i < count; i++)
        {
            input.Slice(i * (int)WasiLayout.SubscriptionSize, (int)WasiLayout.SubscriptionSize).CopyTo(subscriptionCopy);
            ulong userData = BinaryPrimitives.ReadUInt64LittleEndian(subscriptionCopy);
            byte tag = subscriptionCopy[8];
            if (tag != WasiLayout.EventClock)
            {
                results.Add((userData, (ushort)WasiErrno.NotSupported, tag));
                continue;
            }
            uint id = BinaryPrimitives.ReadUInt32LittleEndian(subscriptionCopy[16..]);
            TryClock(id, fuelConsumed, out ulong now);
            if (Wait(subscriptionCopy, now) <= earliest) results.Add((userData, 0, tag));
        }
        foreach (var (userData, error, type) in results)
        {
            eventBytes.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(eventBytes, userData);
            BinaryPrimitives.WriteUInt16LittleEndian(eventBytes[8..], error);
            eventBytes[10] = type;
            eventBytes.CopyTo(output[(int)(fired * WasiLayout.EventSize)..]);
            fired++;
        }
        if (earliest != ulong.MaxValue) _sleptNanoseconds = ulong.MaxValue - _sleptNanoseconds < earliest ? ulong.MaxValue : _sleptNanoseconds + earliest;
        m.TryWriteU32(eventCountPointer, fired);
        return 0;
    }

    /// <summary>How long a clock subscription waits from <paramref name="now"/> (flag 1: its timeout is an absolute time).</summary>
    private static ulong Wait(ReadOnlySpan<byte> subscription, ulong now)
    {
        ulong timeout = BinaryPrimitives.ReadUInt64LittleEndian(subscription[24..]);
        bool absolute = (BinaryPrimitives.ReadUInt16LittleEndian(subscription[40..]) & 1) != 0;
        return absolute ? (timeout > now ? timeout - now : 0) : timeout;
    }

    public int RandomGet(Span<byte> memory, uint buffer, uint length)
    {
        if (!new GuestMemory(memory).TrySlice(buffer, length, out var destination)) return Errno(WasiErrno.Fault);
        if (_random is null) RandomNumberGenerator.Fill(destination);
        else _random.Fill(destination);
        return 0;
    }
}
