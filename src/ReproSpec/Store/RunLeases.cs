using System.Diagnostics;
using System.Text.Json;

namespace ReproSpec.Store;

/// <summary>Who holds a run's lease, as written in its lease file, and when the file's heartbeat last moved.</summary>
/// <param name="Owner">A fresh id per lease, so a lease taken again by the same process is told apart.</param>
/// <param name="Host">The holder's machine name.</param>
/// <param name="Boot">The holder machine's boot id (Linux), so a pid is only trusted on the machine and boot that issued it.</param>
/// <param name="Pid">The holder's process id.</param>
/// <param name="ProcessStart">The holder process's start time (UTC ticks), so a reused pid is not mistaken for the holder.</param>
/// <param name="Heartbeat">The lease file's last-write time, which the holder refreshes while it trains.</param>
public sealed record LeaseHolder(string Owner, string Host, string Boot, int Pid, long ProcessStart, DateTime Heartbeat);

/// <summary>
/// Leases on run keys, one file per run under <c>root/leases</c>: a process that is about to train a run
/// creates the run's lease file exclusively (O_EXCL), refreshes its last-write time while it trains, and
/// deletes it once the record is stored. Another process that finds the lease waits for the record, or
/// takes over when the holder died: its pid is gone (same machine), or its heartbeat has not moved for
/// <see cref="StaleAfter"/> by the waiter's own clock (any machine).
/// </summary>
/// <remarks>
/// Leases only avoid duplicate work: records are still written by atomic rename, so a lease lost to a
/// clock, a network partition or a race costs at most one run trained twice, never a wrong record.
/// Assumptions: exclusive create is atomic on the store's filesystem (local filesystems, NFSv3+, Lustre);
/// rename is atomic within one directory; opening a file revalidates its attributes (NFS close-to-open),
/// so a waiter sees a heartbeat no later than its next poll. Clocks need not agree across machines:
/// staleness is judged by how long the waiter has seen the same heartbeat value, not by comparing times.
/// <see cref="StaleAfter"/> must exceed the longest pause of a live holder (heartbeats every
/// <see cref="Heartbeat"/>); set it with REPROSPEC_LEASE_TIMEOUT.
/// </remarks>
public sealed class RunLeases
{
    static readonly Lazy<string> bootId = new(() =>
    {
        try
        {
            return File.Exists("/proc/sys/kernel/random/boot_id") ? File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim() : "";
        }
        catch (IOException)
        {
            return "";
        }
    });

    static readonly Lazy<long> processStart = new(() => StartTicksOf(Environment.ProcessId) ?? 0);

    public RunLeases(string root, TimeSpan? staleAfter = null, TimeSpan? heartbeat = null, string? host = null)
    {
        Directory = Path.Combine(root, "leases");
        StaleAfter = staleAfter ?? TimeSpan.FromSeconds(60);
        Heartbeat = heartbeat ?? TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 50, StaleAfter.Ticks / 6));
        Host = host ?? Environment.MachineName;
    }

    /// <summary>Where lease files live: root/leases/&lt;key&gt;.lease.</summary>
    public string Directory { get; }

    /// <summary>How long a waiter watches an unchanged heartbeat before it takes the lease over.</summary>
    public TimeSpan StaleAfter { get; }

    /// <summary>
    /// How long a waiter watches a lease file that names no holder (empty or cut off) before it takes it over: its
    /// holder writes it right after creating it, so a file still unwritten after this long lost its holder between
    /// the two (killed, or its disk full). A live holder stalled longer costs at most one run trained twice.
    /// </summary>
    public TimeSpan UnwrittenAfter => TimeSpan.FromTicks(Math.Min(StaleAfter.Ticks, TimeSpan.TicksPerSecond * 5));

    /// <summary>How often a holder refreshes its lease file's last-write time.</summary>
    public TimeSpan Heartbeat { get; }

    /// <summary>The machine name written into leases (tests pretend to be another machine).</summary>
    public string Host { get; }

    string PathOf(string key) => Path.Combine(Directory, key + ".lease");

    /// <summary>Takes the lease on <paramref name="key"/> if nobody holds it; null when a lease file exists.</summary>
    public RunLease? TryTake(string key)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var holder = new LeaseHolder(Guid.NewGuid().ToString("N"), Host, bootId.Value, Environment.ProcessId, processStart.Value, DateTime.UtcNow);
        var path = PathOf(key);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // FileMode.CreateNew is open(O_CREAT | O_EXCL): of all processes creating it at once, exactly one succeeds.
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
                JsonSerializer.Serialize(stream, holder);
                return new RunLease(path, holder.Owner, Heartbeat);
            }
            catch (IOException) when (File.Exists(path))
            {
                return null;
            }
            catch (IOException) when (attempt < 3)
            {
                // The holder let go between our failed create and the look: try again; a lasting error is rethrown.
            }
        }
    }

    /// <summary>The lease on <paramref name="key"/>, or null when there is none (or it vanished while being read).</summary>
    public LeaseHolder? Holder(string key)
    {
        var path = PathOf(key);
        try
        {
            // Opening first: on NFS an open revalidates the file's attributes, so the heartbeat is current.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var heartbeat = File.GetLastWriteTimeUtc(stream.SafeFileHandle);
            var holder = JsonSerializer.Deserialize<LeaseHolder>(stream);
            return holder is null ? null : holder with { Heartbeat = heartbeat };
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (JsonException)
        {
            // Being written this very moment, or left unwritten by a holder that died: an empty owner (UnwrittenAfter).
            return new LeaseHolder("", "", "", 0, 0, File.Exists(path) ? File.GetLastWriteTimeUtc(path) : default);
        }
    }

    /// <summary>True when the holder is a process on this machine (same name and boot) that no longer runs.</summary>
    public bool IsDeadHere(LeaseHolder holder)
    {
        if (holder.Host != Host || holder.Boot != bootId.Value || holder.Pid <= 0) return false;
        var start = StartTicksOf(holder.Pid);
        // A pid now used by a process that started at another time is not the holder.
        return start is null || Math.Abs(start.Value - holder.ProcessStart) > TimeSpan.TicksPerSecond;
    }

    /// <summary>
    /// Removes the lease of <paramref name="stale"/> so it can be taken again. The file is first renamed to a
    /// name of its own (atomic: of several processes breaking it at once, one wins) and then checked: when it
    /// turns out to be a newer holder's lease, it is put back.
    /// </summary>
    public bool TryBreak(string key, LeaseHolder stale)
    {
        var path = PathOf(key);
        var aside = $"{path}.{Guid.NewGuid():N}.broken";
        try
        {
            File.Move(path, aside);
        }
        catch (FileNotFoundException)
        {
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        LeaseHolder? moved;
        try
        {
            moved = JsonSerializer.Deserialize<LeaseHolder>(File.ReadAllText(aside));
        }
        catch (JsonException)
        {
            moved = null;
        }
        if (moved is not null && moved.Owner != stale.Owner)
        {
            try
            {
                File.Move(aside, path);
                return false;
            }
            catch (IOException)
            {
                // A third process leased it meanwhile: the newer holder we moved trains on without a lease (at worst a duplicate run).
            }
        }
        File.Delete(aside);
        return true;
    }

    static long? StartTicksOf(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.StartTime.ToUniversalTime().Ticks;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }
}

/// <summary>A held lease on one run: refreshed in the background until disposed, which deletes it.</summary>
public sealed class RunLease : IDisposable
{
    readonly string path;
    readonly string owner;
    readonly Timer heartbeat;
    int disposed;

    internal RunLease(string path, string owner, TimeSpan interval)
    {
        this.path = path;
        this.owner = owner;
        heartbeat = new Timer(_ => Beat(), null, interval, interval);
    }

    /// <summary>False once another process took the lease over (this one looked dead or stale to it).</summary>
    public bool Held => IsOurs();

    void Beat()
    {
        try
        {
            // A lease someone else now holds is theirs to refresh.
            if (Volatile.Read(ref disposed) == 0 && IsOurs()) File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (IOException)
        {
            // Vanished between the check and the touch: taken over; the run still finishes and is stored.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    bool IsOurs()
    {
        try
        {
            return JsonSerializer.Deserialize<LeaseHolder>(File.ReadAllText(path))?.Owner == owner;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Stops the heartbeat and deletes the lease file if it is still this lease's.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        heartbeat.Dispose();
        try
        {
            if (IsOurs()) File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
