using System.CommandLine;
using ReproSpec.Cli.Input;
using ReproSpec.Execution;
using ReproSpec.Planning;

namespace ReproSpec.Cli.Commands;

/// <summary><c>reprospec run</c>: trains one share of the planned runs into the store, in worker processes.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var claims = ClaimsPlanInput.ClaimsOption();
        var store = ClaimsPlanInput.StoreOption();
        var shard = new Option<string>("--shard")
        {
            Description = "i/N: train only the i-th of N shares of the missing runs (split by run key; Slurm: $SLURM_ARRAY_TASK_ID/N). Default 0/1, all of them.",
            DefaultValueFactory = _ => "0/1",
        };
        var workers = new Option<int?>("--workers") { Description = "Runs at once (REPROSPEC_ISOLATION decides where, as under dotnet test); default REPROSPEC_WORKERS, else the number of cores." };
        var command = new Command("run", "Train the missing runs of the claims' next looks (or one shard of them) into the store, without dotnet test.")
        {
            claims, store, shard, workers,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var share = RunShard.TryParse(parse.GetValue(shard) ?? "0/1", out var problem) ?? throw new BadInputException("--shard " + problem);
            var output = parse.InvocationConfiguration.Output;
            var w = parse.GetValue(workers);
            if (w < 1) throw new BadInputException($"--workers {w}: at least one run must run at a time; use 1 or more.");
            // The session `dotnet test` uses: same executor (REPROSPEC_ISOLATION), store and environment; --workers changes only
            // how many runs train at once, not threads per run (in the keys of experiments that read them).
            using var planned = ClaimsPlanInput.Plan(parse.GetRequiredValue(claims), parse.GetValue(store), parse.InvocationConfiguration.Error,
                settings => w is { } n ? settings with { RunsAtOnce = n } : settings, log: output.WriteLine);
            var mine = planned.Plan.In(share);
            var bad = planned.Plan.Claims.Count(c => c.Problem is not null) + planned.Discovery.Problems.Count;
            output.WriteLine($"[reprospec] shard {share}: {mine.Count} of {planned.Plan.Missing.Count} missing run(s); store {planned.Store.Root}" +
                             (bad > 0 ? $"; {bad} badly declared claim method(s) skipped (listed on stderr)" : ""));
            if (mine.Count == 0) return CliExit.Ok;

            var progress = new LineProgress(p => output.WriteLine(
                $"[reprospec] shard {share}: {p.Done}/{p.Total} - {p.Last!.Experiment} seed {p.Last.Seed}: {p.Last.Status} ({p.Last.Seconds:F1} s)"));
            var batch = await planned.Session.TrainAsync(mine.Select(r => r.Request).ToList(), progress, cancellation).ConfigureAwait(false);
            var failed = batch.Records.Count(r => r.Status == Store.RunStatus.Failed);
            output.WriteLine($"[reprospec] shard {share}: {batch.Trained} trained, {batch.Cached} already stored (by another shard or job), {failed} failed (stored as results), {batch.Elapsed.TotalSeconds:F1} s");
            return CliExit.Ok;
        });
        return command;
    }

    /// <summary>Reports on the calling thread, one line per finished run.</summary>
    sealed class LineProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            if (value.Last is not null) report(value);
        }
    }
}
