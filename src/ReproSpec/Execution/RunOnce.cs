using System.Diagnostics;
using ReproSpec.Planning;
using ReproSpec.Store;

namespace ReproSpec.Execution;

/// <summary>Runs one experiment for one seed in the current process and turns any ending into a record.</summary>
public static class RunOnce
{
    public static RunRecord Execute(RunRequest request, int threads, string environment, CancellationToken cancellation)
    {
        var experiment = request.Experiment;
        var context = new RunContext(new SeedSet(request.Seed, request.FixedSources), experiment.Device, threads, cancellation: cancellation);
        var clock = Stopwatch.StartNew();
        RunStatus status;
        IReadOnlyDictionary<string, double> metrics = new Dictionary<string, double>();
        string? error = null;
        var environmentFailure = false;
        try
        {
            var result = experiment.Run(context);
            metrics = new Dictionary<string, double>(result);
            status = result.HasNonFinite ? RunStatus.Diverged : RunStatus.Succeeded;
            if (status == RunStatus.Diverged)
                error = "non-finite metric: " + string.Join(", ", result.Where(m => !double.IsFinite(m.Value)).Select(m => $"{m.Key}={m.Value}"));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (RunEnvironmentException e)
        {
            status = RunStatus.Failed;
            error = e.Message;
            environmentFailure = true;
        }
        catch (Exception e)
        {
            status = RunStatus.Failed;
            error = $"{e.GetType().Name}: {e.Message}";
        }
        return RecordOf(request, status, metrics, error, clock.Elapsed.TotalSeconds, threads, environment) with
        {
            Output = context.Output,
            EnvironmentFailure = environmentFailure,
        };
    }

    /// <summary>The record of a run that ended before the experiment could report (worker died, timed out).</summary>
    public static RunRecord Failed(RunRequest request, string error, double seconds, int threads, string environment) =>
        RecordOf(request, RunStatus.Failed, new Dictionary<string, double>(), error, seconds, threads, environment);

    static RunRecord RecordOf(RunRequest request, RunStatus status, IReadOnlyDictionary<string, double> metrics, string? error,
        double seconds, int threads, string environment)
    {
        var experiment = request.Experiment;
        return new RunRecord
        {
            Key = request.Key,
            Experiment = experiment.Name,
            ExperimentType = experiment.GetType().FullName ?? experiment.GetType().Name,
            Parameters = RunIdentity.ParametersOf(experiment),
            Seed = request.Seed,
            FixedSources = request.FixedSources,
            Status = status,
            Metrics = metrics,
            Error = error,
            Seconds = seconds,
            Device = experiment.Device,
            Threads = threads,
            FinishedAt = DateTimeOffset.UtcNow,
            Environment = environment,
        };
    }
}
