using System.Text;

namespace ReproSpec.Cli.Cluster;

/// <summary>Where and how a round of shards runs on Slurm: the paths every node must see, and the sbatch resources.</summary>
public sealed record SlurmJob
{
    public required string Dotnet { get; init; }
    public required string CliDll { get; init; }
    public required string ClaimsDll { get; init; }
    public required string Store { get; init; }
    public required string OutDirectory { get; init; }
    /// <summary>Tasks in this round's array: the requested size, capped at this round's missing runs.</summary>
    public required int ArraySize { get; init; }

    /// <summary>The requested array size, which the next round caps at its own missing runs.</summary>
    public required int RequestedArraySize { get; init; }
    public int CpusPerTask { get; init; } = 1;
    public string? Partition { get; init; }
    public string? Memory { get; init; }
    public string? Time { get; init; }

    /// <summary>Rounds left including this one; more than one submits a follow-up that plans the next looks.</summary>
    public int Rounds { get; init; } = 1;
}

/// <summary>The sbatch scripts of a round: pure functions of a <see cref="SlurmJob"/>.</summary>
public static class SlurmScripts
{
    public const string ArrayFile = "reprospec-runs.sbatch";
    public const string NextRoundFile = "reprospec-next-round.sbatch";

    /// <summary>A job array whose task i runs <c>reprospec run --shard i/N</c>.</summary>
    public static string Array(SlurmJob job, string summary)
    {
        var s = Header(job, "reprospec-runs", $"--array=0-{job.ArraySize - 1}", job.CpusPerTask, "%x-%A_%a.out");
        s.Append("# ").Append(summary).Append('\n');
        s.Append("# Task i trains the runs whose key falls in share i of N (key mod N); a run another task or job stored meanwhile is skipped.\n");
        Environment(s, job);
        s.Append("exec ").Append(Quote(job.Dotnet)).Append(' ').Append(Quote(job.CliDll))
            .Append(" run --claims ").Append(Quote(job.ClaimsDll)).Append(" --store ").Append(Quote(job.Store))
            .Append(" --shard \"${SLURM_ARRAY_TASK_ID}/").Append(job.ArraySize).Append("\" --workers \"${SLURM_CPUS_PER_TASK:-1}\"\n");
        return s.ToString();
    }

    /// <summary>
    /// A one-CPU job, submitted to start after the array ends, that plans again from the store: claims the
    /// first look decided need nothing, sequential claims still undecided get their next look's runs.
    /// </summary>
    public static string NextRound(SlurmJob job)
    {
        var s = Header(job, "reprospec-next-round", null, 1, "%x-%j.out");
        s.Append("# Plans the next looks of the claims still undecided and submits them (").Append(job.Rounds - 1).Append(" round(s) left at most).\n");
        Environment(s, job);
        s.Append("exec ").Append(Quote(job.Dotnet)).Append(' ').Append(Quote(job.CliDll))
            .Append(" slurm --submit --claims ").Append(Quote(job.ClaimsDll)).Append(" --store ").Append(Quote(job.Store))
            .Append(" --out ").Append(Quote(job.OutDirectory)).Append(" --array-size ").Append(job.RequestedArraySize)
            .Append(" --cpus-per-task ").Append(job.CpusPerTask).Append(" --rounds ").Append(job.Rounds - 1);
        if (job.Partition is not null) s.Append(" --partition ").Append(Quote(job.Partition));
        if (job.Memory is not null) s.Append(" --mem ").Append(Quote(job.Memory));
        if (job.Time is not null) s.Append(" --time ").Append(Quote(job.Time));
        s.Append('\n');
        return s.ToString();
    }

    static StringBuilder Header(SlurmJob job, string name, string? array, int cpus, string log)
    {
        var s = new StringBuilder("#!/bin/bash\n");
        s.Append("#SBATCH --job-name=").Append(name).Append('\n');
        if (array is not null) s.Append("#SBATCH ").Append(array).Append('\n');
        s.Append("#SBATCH --cpus-per-task=").Append(cpus).Append('\n');
        if (job.Partition is not null) s.Append("#SBATCH --partition=").Append(job.Partition).Append('\n');
        if (job.Memory is not null) s.Append("#SBATCH --mem=").Append(job.Memory).Append('\n');
        if (job.Time is not null) s.Append("#SBATCH --time=").Append(job.Time).Append('\n');
        s.Append("#SBATCH --output=").Append(Path.Combine(job.OutDirectory, "logs", log)).Append('\n');
        s.Append("# Written by `reprospec slurm`; every path below must be the same on the compute nodes (a shared filesystem).\n");
        return s;
    }

    static void Environment(StringBuilder s, SlurmJob job)
    {
        s.Append("set -euo pipefail\n");
        s.Append("export REPROSPEC_STORE=").Append(Quote(job.Store)).Append('\n');
        s.Append("export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1\n");
    }

    /// <summary>One POSIX shell word: single quotes, with embedded quotes closed and escaped.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
