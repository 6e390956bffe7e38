namespace ReproSpec.Execution;

/// <summary>How urgently a run is wanted: lower goes first. A claim being decided asks with <see cref="Demand"/>.</summary>
public static class RunPriority
{
    /// <summary>A claim is waiting for this run now.</summary>
    public const int Demand = int.MinValue;
}

/// <summary>One run waiting for a slot; its priority can rise while it waits (a prefetched run a claim now needs).</summary>
sealed class RunTicket(int priority)
{
    int priority = priority;

    public int Priority => Volatile.Read(ref priority);

    /// <summary>Raises the priority to <paramref name="value"/> if that is more urgent.</summary>
    public void Raise(int value)
    {
        var current = Volatile.Read(ref priority);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref priority, value, current);
            if (seen == current) return;
            current = seen;
        }
    }
}

/// <summary>
/// W execution slots handed out most urgent first (then first come), so the runs of the claim being decided
/// overtake prefetched ones, and prefetched ones keep the slots busy meanwhile.
/// </summary>
sealed class RunQueue(int slots)
{
    readonly object gate = new();
    readonly List<(RunTicket Ticket, long Order, TaskCompletionSource Granted)> waiting = [];
    int free = Math.Max(1, slots);
    long order;

    /// <summary>How many runs wait for a slot now (tests wait on it instead of on a pause).</summary>
    public int Waiting
    {
        get
        {
            lock (gate) return waiting.Count;
        }
    }

    public async Task<IDisposable> EnterAsync(RunTicket ticket, CancellationToken cancellation)
    {
        TaskCompletionSource granted;
        lock (gate)
        {
            if (free > 0 && waiting.Count == 0)
            {
                free--;
                return new Slot(this);
            }
            granted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting.Add((ticket, order++, granted));
        }
        using (cancellation.Register(() =>
        {
            lock (gate)
            {
                if (waiting.RemoveAll(w => w.Granted == granted) > 0) granted.TrySetCanceled(cancellation);
            }
        }))
        {
            await granted.Task.ConfigureAwait(false);
        }
        return new Slot(this);
    }

    void Release()
    {
        TaskCompletionSource? next = null;
        lock (gate)
        {
            if (waiting.Count == 0)
            {
                free++;
                return;
            }
            var best = 0;
            for (var i = 1; i < waiting.Count; i++)
            {
                var (p, o) = (waiting[i].Ticket.Priority, waiting[i].Order);
                var (bp, bo) = (waiting[best].Ticket.Priority, waiting[best].Order);
                if (p < bp || p == bp && o < bo) best = i;
            }
            next = waiting[best].Granted;
            waiting.RemoveAt(best);
        }
        next.TrySetResult();
    }

    sealed class Slot(RunQueue queue) : IDisposable
    {
        int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) queue.Release();
        }
    }
}
