using System.CommandLine;
using ReproSpec.Plots;
using ReproSpec.Reports;
using ReproSpec.Sessions;

namespace ReproSpec.Cli.Commands;

/// <summary>`reprospec report`: rebuilds every claim report and the suite summary from the saved *.outcome.json files.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var dir = new Option<DirectoryInfo?>("--dir") { Description = "Reports directory holding *.outcome.json (default: REPROSPEC_REPORTS, else .reprospec/reports of the repository)." };
        var command = new Command("report", "Rebuild the Markdown reports, plots, summary.md and index.html from saved claim outcomes.") { dir };
        command.SetAction(parse =>
        {
            var root = parse.GetValue(dir)?.FullName
                ?? (SessionSettings.FromEnvironmentOnly(nameof(SessionSettings.Reports)).Reports is { } reports ? Path.GetFullPath(reports) : null)
                ?? ReportFiles.DefaultRoot(Directory.GetCurrentDirectory());
            var records = Rebuild(root);
            parse.InvocationConfiguration.Output.WriteLine($"rebuilt {records} claim report(s) and {Path.Combine(root, ReportFiles.SuiteHtml)}");
            return CliExit.Ok;
        });
        return command;
    }

    /// <summary>Rebuilds the reports under <paramref name="root"/> from the latest run's store (as the gate reads them); returns the number of claims.</summary>
    public static int Rebuild(string root)
    {
        if (!Directory.Exists(root))
            throw new BadInputException($"reports directory {root} does not exist: run the claims first (dotnet test) or pass --dir.");
        var saved = GateCommand.Read(root);
        if (saved.Claims.Count == 0 && saved.Errors.Count == 0)
            throw new BadInputException($"no saved outcomes (*{ReportFiles.OutcomeSuffix}) in {root}: run the claims first (dotnet test) or pass --dir.");
        var records = new List<ClaimRecord>();
        var plots = new Dictionary<string, byte[]>();
        foreach (var (_, record) in saved.Claims)
        {
            var png = ClaimPlot.Png(record);
            plots[record.Test] = png;
            ReportFiles.Write(ReportFiles.Plot(root, record.Test), png);
            ReportFiles.Write(ReportFiles.Markdown(root, record.Test), ClaimMarkdown.Render(record, Path.GetFileName(ReportFiles.Plot(root, record.Test))));
            records.Add(record);
        }
        var cardFile = Path.Combine(root, ReportFiles.SuiteCard);
        ReproducibilityCard? card;
        try
        {
            // The card is what the test run saw (store, README, lock files); a rebuild keeps it rather than guessing it again.
            card = File.Exists(cardFile) ? ReportJson.ReadCard(cardFile) : null;
        }
        catch (InvalidDataException e)
        {
            throw new BadInputException(e.Message, e);
        }
        var errors = saved.Errors.Select(e => (e.Error.Test, e.Error.Error)).ToList();
        var suite = new SuiteRecord(records, errors, string.Join(", ", records.SelectMany(r => r.Environments).Distinct().Order(StringComparer.Ordinal)))
        {
            // The run's own count of distinct runs, when its summary.json is the latest run's; else per-claim sums (shared runs counted per claim).
            Runs = RunTotals(root, saved.Latest),
            Card = card,
        };
        Sessions.ClaimSession.WriteSuite(root, suite, plots);
        return records.Count;
    }

    static (int, int)? RunTotals(string root, RunInfo? latest)
    {
        var path = Path.Combine(root, ReportFiles.SuiteJson);
        if (latest is null || !File.Exists(path)) return null;
        try
        {
            var totals = ReportJson.ReadTotals(path);
            return totals.Run?.Id == latest.Id ? (totals.RunsTrained, totals.RunsFromStore) : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
