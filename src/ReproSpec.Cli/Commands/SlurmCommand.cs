using System.CommandLine;
using System.Diagnostics;
using ReproSpec.Cli.Cluster;
using ReproSpec.Cli.Input;
using ReproSpec.Execution;

namespace ReproSpec.Cli.Commands;

/// <summary><c>reprospec slurm</c>: writes (and with --submit, submits) a Slurm job array that trains the planned runs.</summary>
public static class SlurmCommand
{
    static readonly TimeSpan SbatchTimeout = TimeSpan.FromSeconds(60);

    public static Command Create()
    {
        var claims = ClaimsPlanInput.ClaimsOption();
        var store = ClaimsPlanInput.StoreOption();
        var submit = new Option<bool>("--submit") { Description = "Submit the array with sbatch and print its job id (else only write the script)." };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition (sbatch --partition)." };
        var cpus = new Option<int>("--cpus-per-task") { Description = "CPUs per array task; the task runs that many runs at once. Default 1.", DefaultValueFactory = _ => 1 };
        var mem = new Option<string?>("--mem") { Description = "Memory per task (sbatch --mem), e.g. 4G." };
        var time = new Option<string?>("--time") { Description = "Time limit per task (sbatch --time), e.g. 01:00:00." };
        var arraySize = new Option<int?>("--array-size") { Description = "N: array tasks (shares of the runs); default one per missing run, at most 100. Capped at the number of missing runs." };
        var rounds = new Option<int>("--rounds")
        {
            Description = "With --submit: rounds at most; after each array a one-CPU job plans again and submits the next looks of claims still undecided. Default 10; 1: no follow-up.",
            DefaultValueFactory = _ => 10,
        };
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Directory for the scripts and logs/ (default ./reprospec-slurm); on a shared filesystem.",
            DefaultValueFactory = _ => new DirectoryInfo("reprospec-slurm"),
        };
        var command = new Command("slurm", "Write an sbatch job array that trains the claims' missing runs, one share per task (`reprospec run --shard i/N`); --submit submits it.")
        {
            claims, store, submit, partition, cpus, mem, time, arraySize, rounds, output,
        };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            foreach (var (name, value) in new[] { ("--partition", parse.GetValue(partition)), ("--mem", parse.GetValue(mem)), ("--time", parse.GetValue(time)) })
            {
                if (value is not null && (value.Length == 0 || value.Any(char.IsWhiteSpace)))
                    throw new BadInputException($"{name} '{value}' must be one word, as sbatch takes it (e.g. --mem 4G, --time 01:00:00).");
            }
            if (parse.GetValue(cpus) < 1) throw new BadInputException($"--cpus-per-task {parse.GetValue(cpus)}: use 1 or more.");
            if (parse.GetValue(arraySize) is < 1) throw new BadInputException($"--array-size {parse.GetValue(arraySize)}: use 1 or more tasks.");
            if (parse.GetValue(rounds) < 1) throw new BadInputException($"--rounds {parse.GetValue(rounds)}: use 1 or more.");

            using var planned = ClaimsPlanInput.Plan(parse.GetRequiredValue(claims), parse.GetValue(store), parse.InvocationConfiguration.Error);
            var plan = planned.Plan;
            var undecided = plan.Claims.Count(c => c.Missing.Count > 0);
            if (plan.Missing.Count == 0)
            {
                writer.WriteLine($"nothing to run: {plan.Claims.Count(c => c.Decided)} claim(s) decided from the store {planned.Store.Root}, {plan.Claims.Count(c => c.Problem is not null) + planned.Discovery.Problems.Count} badly declared.");
                return CliExit.Ok;
            }
            var outDir = parse.GetRequiredValue(output).FullName;
            var job = new SlurmJob
            {
                Dotnet = WorkerLaunch.DotnetHost() is var host && Path.IsPathRooted(host) ? host : "dotnet",
                CliDll = typeof(SlurmCommand).Assembly.Location,
                ClaimsDll = planned.AssemblyPath,
                Store = planned.Store.Root,
                OutDirectory = outDir,
                ArraySize = Math.Min(plan.Missing.Count, parse.GetValue(arraySize) ?? 100),
                RequestedArraySize = parse.GetValue(arraySize) ?? 100,
                CpusPerTask = parse.GetValue(cpus),
                Partition = parse.GetValue(partition),
                Memory = parse.GetValue(mem),
                Time = parse.GetValue(time),
                Rounds = parse.GetValue(rounds),
            };
            Directory.CreateDirectory(Path.Combine(outDir, "logs"));
            var bad = plan.Claims.Count(c => c.Problem is not null) + planned.Discovery.Problems.Count;
            var summary = $"{plan.Missing.Count} missing run(s) for the next look of {undecided} undecided claim(s); {plan.Claims.Count(c => c.Decided)} already decided" +
                          (bad > 0 ? $"; {bad} badly declared (skipped, listed on stderr)." : ".");
            var arrayScript = Path.Combine(outDir, SlurmScripts.ArrayFile);
            File.WriteAllText(arrayScript, SlurmScripts.Array(job, summary));
            writer.WriteLine(summary);
            writer.WriteLine($"wrote {arrayScript} ({job.ArraySize} task(s), store {job.Store})");
            if (!parse.GetValue(submit))
            {
                writer.WriteLine($"submit with: sbatch {SlurmScripts.Quote(arrayScript)}  (then run `reprospec slurm` again for claims still undecided, or use --submit)");
                return CliExit.Ok;
            }
            var arrayId = Sbatch([arrayScript]);
            writer.WriteLine($"submitted job array {arrayId}");
            if (job.Rounds > 1)
            {
                var nextScript = Path.Combine(outDir, SlurmScripts.NextRoundFile);
                File.WriteAllText(nextScript, SlurmScripts.NextRound(job));
                var nextId = Sbatch([$"--dependency=afterany:{arrayId}", nextScript]);
                writer.WriteLine($"submitted next-round job {nextId} (starts after {arrayId}; plans again for claims still undecided)");
            }
            return CliExit.Ok;
        });
        return command;
    }

    /// <summary>Runs <c>sbatch --parsable</c> and returns the job id; failures are bad input naming what sbatch said.</summary>
    static string Sbatch(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--parsable");
        foreach (var a in arguments) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new BadInputException("sbatch did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BadInputException($"--submit: sbatch is not on PATH ({e.Message}): run on a Slurm login node, or leave out --submit and submit the script yourself.", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(SbatchTimeout))
            {
                process.Kill(entireProcessTree: true);
                throw new BadInputException($"sbatch did not answer within {SbatchTimeout.TotalSeconds:F0} s: is slurmctld reachable (scontrol ping)?");
            }
            var id = stdout.GetAwaiter().GetResult().Trim().Split(';')[0];
            if (process.ExitCode != 0 || id.Length == 0)
                throw new BadInputException($"sbatch {string.Join(' ', arguments)} failed (exit {process.ExitCode}): {stderr.GetAwaiter().GetResult().Trim()}");
            return id;
        }
    }
}
