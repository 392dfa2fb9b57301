using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Cluster.Routing;

namespace TenantDb.Cluster.Tests.Routing;

/// <summary>
/// The gateway's bound on connections that have not sent their startup packet, against a model: never
/// more than the capacity wait, a newcomer to a full pool pushes out exactly the one waiting longest
/// (its read is canceled), and nobody else is ever canceled.
/// </summary>
public sealed class StartupWaitersTests
{
    [Property(MaxTest = 300)]
    public Property Never_more_than_capacity_and_only_the_longest_waiting_is_pushed_out() =>
        Prop.ForAll(
            (from capacity in Gen.Choose(1, 6)
             from steps in Gen.ListOf(Gen.Choose(0, 9))
             select (capacity, steps)).ToArbitrary(),
            c =>
            {
                var waiters = new StartupWaiters(c.capacity);
                var model = new List<(CancellationTokenSource Read, LinkedListNode<CancellationTokenSource> Node)>();
                var all = new List<CancellationTokenSource>();
                var pushedOut = new HashSet<CancellationTokenSource>();
                try
                {
                    foreach (int step in c.steps)
                    {
                        if (step < 6 || model.Count == 0)
                        {
                            // A new connection: a full pool loses its oldest.
                            var read = new CancellationTokenSource();
                            all.Add(read);
                            if (model.Count == c.capacity)
                            {
                                pushedOut.Add(model[0].Read);
                                model.RemoveAt(0);
                            }
                            model.Add((read, waiters.Enter(read)));
                        }
                        else
                        {
                            // Some waiting connection's startup read ends (it may already have been pushed out).
                            var leaving = model[step % model.Count];
                            waiters.Leave(leaving.Node);
                            model.Remove(leaving);
                        }

                        if (waiters.Count != model.Count || waiters.Count > c.capacity) return false;
                    }

                    return all.TrueForAll(read => read.IsCancellationRequested == pushedOut.Contains(read));
                }
                finally
                {
                    foreach (var read in all) read.Dispose();
                }
            });

    [Fact]
    public void Leaving_after_being_pushed_out_changes_nothing()
    {
        var waiters = new StartupWaiters(1);
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        var firstNode = waiters.Enter(first);
        var secondNode = waiters.Enter(second);
        Assert.True(first.IsCancellationRequested);
        waiters.Leave(firstNode);
        Assert.Equal(1, waiters.Count);
        Assert.False(second.IsCancellationRequested);
        waiters.Leave(secondNode);
        Assert.Equal(0, waiters.Count);
    }
}
