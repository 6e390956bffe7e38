using System.Diagnostics;

namespace ReproSpec.Execution;

/// <summary>How a worker's attempt at one run ended.</summary>
enum WorkerEnding
{
    Answered,
    Died,
    TimedOut,
}

/// <summary>One persistent worker process: a request line in, a response line out.</summary>
sealed class WorkerProcess : IDisposable
{
    const int TailLines = 20;
    readonly Process process;
    readonly Queue<string> stderrTail = new();

    WorkerProcess(Process process, WorkerLaunch launch)
    {
        this.process = process;
        Launch = launch;
    }

    public WorkerLaunch Launch { get; }

    public bool HasExited => process.HasExited;

    /// <summary>.NET runtime settings a worker gets unless the user set them: no background JIT or GC threads.</summary>
    internal static readonly (string Variable, string Value)[] RuntimeSettings =
        [("DOTNET_TieredCompilation", "0"), ("DOTNET_TieredPGO", "0"), ("DOTNET_gcConcurrent", "0")];

    public static WorkerProcess Start(WorkerLaunch launch, int threads)
    {
        var start = new ProcessStartInfo(WorkerLaunch.DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in new[] { "exec", "--depsfile", launch.DepsFile, "--runtimeconfig", launch.RuntimeConfig, launch.WorkerDll })
            start.ArgumentList.Add(argument);
        // Native BLAS/OpenMP pools size themselves to all cores unless told: W workers would oversubscribe.
        foreach (var variable in new[] { "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS" })
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
                start.Environment[variable] = threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        // A worker's own runtime threads (tiered re-JIT, background GC) would run on the core the other worker
        // trains on: with W = cores they cost each run ~25 % (docs/benchmarks.md). Compile once, collect inline.
        foreach (var (variable, value) in RuntimeSettings)
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
                start.Environment[variable] = value;
        }
        var process = new Process { StartInfo = start };
        var worker = new WorkerProcess(process, launch);
        process.ErrorDataReceived += (_, e) => worker.Keep(e.Data);
        if (!process.Start()) throw new InvalidOperationException($"could not start worker process {start.FileName} {string.Join(' ', start.ArgumentList)}");
        process.BeginErrorReadLine();
        return worker;
    }

    void Keep(string? line)
    {
        if (line is null) return;
        lock (stderrTail)
        {
            stderrTail.Enqueue(line);
            while (stderrTail.Count > TailLines) stderrTail.Dequeue();
        }
    }

    public string StderrTail()
    {
        lock (stderrTail) return string.Join('\n', stderrTail);
    }

    /// <summary>Sends one request and waits for its answer, the process's death, the timeout or cancellation.</summary>
    public async Task<(WorkerEnding Ending, WorkerResponse? Response, string Detail)> RunAsync(WorkerRequest request, TimeSpan? timeout, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (timeout is { } limit) deadline.CancelAfter(limit);
        try
        {
            await process.StandardInput.WriteLineAsync(WorkerProtocol.Write(request).AsMemory(), deadline.Token).ConfigureAwait(false);
            await process.StandardInput.FlushAsync(deadline.Token).ConfigureAwait(false);
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(deadline.Token).ConfigureAwait(false);
                if (line is null) return (WorkerEnding.Died, null, await DeathNotice().ConfigureAwait(false));
                if (line.Length == 0) continue;
                return (WorkerEnding.Answered, WorkerProtocol.ReadResponse(line), "");
            }
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            Kill();
            return (WorkerEnding.TimedOut, null, $"timed out after {timeout!.Value.TotalSeconds:0.###} s (REPROSPEC_RUN_TIMEOUT); worker killed");
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }
        catch (IOException)
        {
            // The pipe broke while writing: the process is gone.
            return (WorkerEnding.Died, null, await DeathNotice().ConfigureAwait(false));
        }
    }

    async Task<string> DeathNotice()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
        var code = process.HasExited ? process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unknown";
        var tail = StderrTail();
        return $"worker process died during the run (exit code {code})" + (tail.Length > 0 ? "; stderr tail:\n" + tail : "");
    }

    void Kill()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        try
        {
            // Closing stdin ends the worker's loop; kill it if it does not leave promptly.
            if (!process.HasExited)
            {
                process.StandardInput.Close();
                if (!process.WaitForExit(2000)) Kill();
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            Kill();
        }
        process.Dispose();
    }
}
