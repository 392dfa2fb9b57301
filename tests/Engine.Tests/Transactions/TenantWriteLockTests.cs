using TenantDb.Engine.Errors;
using TenantDb.Engine.Tenants;

namespace TenantDb.Engine.Tests.Transactions;

/// <summary>The tenant write lock alone: first-in-first-out hand-off, timeout, bound, cancel.</summary>
public sealed class TenantWriteLockTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Fact]
    public void Release_hands_the_lock_to_waiters_in_the_order_they_came()
    {
        var writeLock = new TenantWriteLock("t", maxWaiters: 10);
        object a = new(), b = new(), c = new(), d = new();
        Assert.True(writeLock.TryAcquire(a));
        Task waitB = writeLock.WaitAsync(b, Long, CancellationToken.None);
        Task waitC = writeLock.WaitAsync(c, Long, CancellationToken.None);
        Task waitD = writeLock.WaitAsync(d, Long, CancellationToken.None);
        Assert.Equal(3, writeLock.Waiting);
        Assert.False(waitB.IsCompleted || waitC.IsCompleted || waitD.IsCompleted);

        writeLock.Release(a);
        Assert.True(waitB.IsCompletedSuccessfully);
        Assert.Same(b, writeLock.Owner);
        Assert.False(waitC.IsCompleted || waitD.IsCompleted);

        // A newcomer does not overtake the queue, even at the moment of a release.
        object late = new();
        Assert.False(writeLock.TryAcquire(late));
        Task waitLate = writeLock.WaitAsync(late, Long, CancellationToken.None);

        writeLock.Release(b);
        Assert.Same(c, writeLock.Owner);
        writeLock.Release(c);
        Assert.Same(d, writeLock.Owner);
        Assert.False(waitLate.IsCompleted);
        writeLock.Release(d);
        Assert.True(waitLate.IsCompletedSuccessfully);
        Assert.Same(late, writeLock.Owner);
        writeLock.Release(late);
        Assert.Null(writeLock.Owner);
        Assert.Equal(0, writeLock.Waiting);
    }

    [Fact]
    public async Task A_wait_past_the_timeout_fails_with_busy_and_leaves_the_queue()
    {
        var writeLock = new TenantWriteLock("t", maxWaiters: 10);
        object a = new(), b = new(), c = new();
        Assert.True(writeLock.TryAcquire(a));
        Task waitB = writeLock.WaitAsync(b, TimeSpan.FromMilliseconds(20), CancellationToken.None);
        Task waitC = writeLock.WaitAsync(c, Long, CancellationToken.None);
        var error = await Assert.ThrowsAsync<TenantDbException>(() => waitB);
        Assert.Equal(TenantDbErrorKind.Busy, error.Kind);
        Assert.Equal("55P03", error.SqlState);
        Assert.Equal(1, writeLock.Waiting);

        // The one that gave up is skipped: the next waiter gets the lock.
        writeLock.Release(a);
        Assert.True(waitC.IsCompletedSuccessfully);
        Assert.Same(c, writeLock.Owner);
    }

    [Fact]
    public void A_zero_timeout_fails_at_once_without_queueing()
    {
        var writeLock = new TenantWriteLock("t", maxWaiters: 10);
        object a = new(), b = new();
        Assert.True(writeLock.TryAcquire(a));
        var error = Assert.Throws<TenantDbException>(() => writeLock.Acquire(b, TimeSpan.Zero));
        Assert.Equal(TenantDbErrorKind.Busy, error.Kind);
        Assert.Equal(0, writeLock.Waiting);
    }

    [Fact]
    public async Task The_queue_is_bounded_and_the_next_waiter_fails_with_53300()
    {
        var writeLock = new TenantWriteLock("t", maxWaiters: 2);
        object owner = new();
        Assert.True(writeLock.TryAcquire(owner));
        Task first = writeLock.WaitAsync(new object(), Long, CancellationToken.None);
        Task second = writeLock.WaitAsync(new object(), Long, CancellationToken.None);
        var error = await Assert.ThrowsAsync<TenantDbException>(() => writeLock.WaitAsync(new object(), Long, CancellationToken.None));
        Assert.Equal(TenantDbErrorKind.WriteQueueFull, error.Kind);
        Assert.Equal("53300", error.SqlState);
        Assert.Equal(2, writeLock.Waiting);
        writeLock.Release(owner);
        Assert.True(first.IsCompletedSuccessfully);
        Assert.False(second.IsCompleted);
    }

    [Fact]
    public async Task A_canceled_wait_fails_with_canceled_and_leaves_the_queue()
    {
        var writeLock = new TenantWriteLock("t", maxWaiters: 10);
        object a = new(), b = new();
        Assert.True(writeLock.TryAcquire(a));
        using var cancel = new CancellationTokenSource();
        Task waitB = writeLock.WaitAsync(b, Long, cancel.Token);
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAsync<TenantDbException>(() => waitB);
        Assert.Equal(TenantDbErrorKind.Canceled, error.Kind);
        Assert.Equal(0, writeLock.Waiting);
        writeLock.Release(a);
        Assert.Null(writeLock.Owner);
    }

    [Fact]
    public void Only_the_owner_can_release_and_taking_it_again_is_a_no_op()
    {
        var writeLock = new TenantWriteLock("t", maxWaiters: 10);
        object a = new(), b = new();
        Assert.True(writeLock.TryAcquire(a));
        Assert.True(writeLock.TryAcquire(a));
        writeLock.Release(b);
        Assert.Same(a, writeLock.Owner);
        writeLock.Release(a);
        Assert.Null(writeLock.Owner);
        Assert.True(writeLock.TryAcquire(b));
    }

    [Fact]
    public async Task Waiters_from_many_threads_each_get_the_lock_exactly_once_and_one_at_a_time()
    {
        var writeLock = new TenantWriteLock("t", maxWaiters: 100);
        int inside = 0, maxInside = 0, done = 0;
        var workers = Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            object me = new();
            for (int i = 0; i < 20; i++)
            {
                await writeLock.WaitAsync(me, Long, CancellationToken.None);
                int now = Interlocked.Increment(ref inside);
                InterlockedMax(ref maxInside, now);
                await Task.Yield();
                Interlocked.Decrement(ref inside);
                writeLock.Release(me);
                Interlocked.Increment(ref done);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        Assert.Equal(32 * 20, done);
        Assert.Equal(1, maxInside);
        Assert.Null(writeLock.Owner);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
