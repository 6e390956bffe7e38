namespace ReproSpec.Reports;

/// <summary>
/// The saved outcomes (*.outcome.json) and declaration errors (*.error.json) of a reports directory that belong
/// to the latest run's store; files of runs against another store, or of unknown origin, are left out and counted.
/// </summary>
public sealed record SavedOutcomes(IReadOnlyList<(string File, ClaimRecord Claim)> Claims, IReadOnlyList<(string File, DeclarationError Error)> Errors,
    int LeftOut, RunInfo? Latest)
{
    /// <summary>Reads <paramref name="dir"/>; a file that is not a saved outcome throws <see cref="InvalidDataException"/> naming it.</summary>
    public static SavedOutcomes Read(string dir)
    {
        var claims = Directory.GetFiles(dir, "*" + ReportFiles.OutcomeSuffix).Order(StringComparer.Ordinal).Select(f => (File: f, Claim: ReportJson.ReadClaim(f))).ToList();
        var errors = Directory.GetFiles(dir, "*" + ReportFiles.ErrorSuffix).Order(StringComparer.Ordinal).Select(f => (File: f, Error: ReportJson.ReadError(f))).ToList();
        var latest = claims.Select(c => c.Claim.Run).Concat(errors.Select(e => e.Error.Run)).OfType<RunInfo>().MaxBy(r => r.Started);
        bool Current(RunInfo? run) => latest is null || run?.Store == latest.Store;
        var kept = claims.Where(c => Current(c.Claim.Run)).ToList();
        var keptErrors = errors.Where(e => Current(e.Error.Run)).ToList();
        return new SavedOutcomes(kept, keptErrors, claims.Count - kept.Count + errors.Count - keptErrors.Count, latest);
    }

    /// <summary>The line that says what was left out, or null when nothing was.</summary>
    public string? LeftOutNote => LeftOut == 0 || Latest is null ? null
        : $"left out {LeftOut} saved outcome(s) of earlier runs against another store than the latest run's ({Latest.Store}, run {Latest.Id}).";
}
