using ReproSpec.Reports;
using ReproSpec.Store;

namespace ReproSpec.Bench;

/// <summary>
/// The real claims, run the way a user runs them: `dotnet test claims/ReproSpec.Claims --filter …` on a cold
/// REPROSPEC_STORE; the store is then read to see which runs (and so how many seeds) the claim used, and the
/// saved outcomes (REPROSPEC_REPORTS, a fresh folder too) for the verdicts the claims reached.
/// </summary>
sealed class ClaimsProject(string repository)
{
    public const string Project = "claims/ReproSpec.Claims";

    /// <summary>The Release build's claims assembly, which <see cref="Build"/> writes.</summary>
    public string Assembly => Path.Combine(repository, Project, "bin", "Release", $"net{Environment.Version.Major}.0", "ReproSpec.Claims.dll");

    /// <summary>Builds the claims project once, so that test timings exclude the build.</summary>
    public ProcessResult Build()
    {
        var result = Processes.Run("dotnet", ["build", Project, "-c", "Release", "--nologo", "-v", "q"], repository);
        if (result.ExitCode != 0) throw new InvalidOperationException($"dotnet build {Project} failed:\n{Processes.Tail(result)}");
        return result;
    }

    public static string TestCommand(string filter) =>
        $"REPROSPEC_STORE=$(mktemp -d) dotnet test {Project} -c Release --no-build --filter Name~{filter}";

    /// <summary>Runs the claims matching <paramref name="filter"/> on a fresh store; returns the process and the stored records.</summary>
    public (ProcessResult Process, IReadOnlyList<RunRecord> Records) Test(string filter)
    {
        var run = TestColdAndWarm(filter, warm: false);
        return (run.Cold, run.Records);
    }

    /// <summary>The claims on a fresh store, then (when <paramref name="warm"/>) once more on the store the first run filled.</summary>
    public ClaimsRun TestColdAndWarm(string filter, bool warm = true)
    {
        var store = Timing.TempDirectory("claims");
        var reports = Timing.TempDirectory("reports");
        try
        {
            ProcessResult Once() => Processes.Run("dotnet", ["test", Project, "-c", "Release", "--no-build", "--nologo", "--filter", $"Name~{filter}"],
                repository, new Dictionary<string, string> { ["REPROSPEC_STORE"] = store, ["REPROSPEC_REPORTS"] = reports });
            var cold = Once();
            var records = new RunStore(store).All().ToList();
            var outcomes = Directory.GetFiles(reports, "*" + ReportFiles.OutcomeSuffix).Order(StringComparer.Ordinal).Select(ReportJson.ReadClaim).ToList();
            return new ClaimsRun(cold, warm ? Once() : null, records, outcomes);
        }
        finally
        {
            Timing.Delete(store);
            Timing.Delete(reports);
        }
    }
}

/// <summary>A cold `dotnet test` of some claims, the optional warm re-run, the runs it stored and the outcomes it saved (from the cold run).</summary>
sealed record ClaimsRun(ProcessResult Cold, ProcessResult? Warm, IReadOnlyList<RunRecord> Records, IReadOnlyList<ClaimRecord> Outcomes);
