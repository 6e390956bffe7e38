namespace ReproSpec.Bench;

/// <summary>One line of docs/benchmarks.md: what was measured, the goal, the measured figure and how to reproduce it.</summary>
/// <param name="What">What was measured, against what.</param>
/// <param name="Goal">The figure the project aims for.</param>
/// <param name="Measured">The median figure, with what it is a median of.</param>
/// <param name="Met">"yes", "no", "partly" or "not measured".</param>
/// <param name="Command">The command that reproduces the row alone; empty when only the bench command does.</param>
/// <param name="Details">Raw figures behind <paramref name="Measured"/>: per repetition, per seed.</param>
sealed record BenchmarkRow(string What, string Goal, string Measured, string Met, string Command, IReadOnlyList<string> Details)
{
    /// <summary>The `--only` group that measures the row (engine, sequential, peer, scale).</summary>
    public string Group { get; init; } = "";

    /// <summary>Which bench run produced the row, e.g. "full run" or "`--only scale`, 2026-12-02".</summary>
    public string From { get; init; } = "";

    public static string YesNo(bool met) => met ? "yes" : "no";
}

/// <summary>Everything docs/benchmarks.md reports; the markdown is a pure function of it.</summary>
/// <param name="Quick">Whether this was a `--quick` run.</param>
/// <param name="Only">The one group of rows run (`--only`), or null for all of them.</param>
/// <param name="Machine">CPU, cores, OS and .NET version.</param>
/// <param name="Rows">The table's rows, in order.</param>
/// <param name="Elapsed">Wall time of the whole bench run.</param>
/// <param name="Merged">Whether rows of other groups were kept from the previous file (an `--only` run written into it).</param>
sealed record BenchmarkReport(bool Quick, string? Only, string Machine, IReadOnlyList<BenchmarkRow> Rows, TimeSpan Elapsed, bool Merged = false);
