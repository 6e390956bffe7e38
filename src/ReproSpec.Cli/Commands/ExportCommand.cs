using System.CommandLine;
using ReproSpec.Reports;
using ReproSpec.Sessions;
using ReproSpec.Store;

namespace ReproSpec.Cli.Commands;

/// <summary>
/// `reprospec export`: copies the runs the last test run's claims were decided from (its saved outcomes) out of the
/// run store into the published-runs folder committed beside the claims, so CI decides them with REPROSPEC_TRAIN=never.
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var reports = new Option<DirectoryInfo?>("--reports") { Description = "Reports directory of the test run whose claims to publish (default: REPROSPEC_REPORTS, else .reprospec/reports of the repository)." };
        var store = new Option<DirectoryInfo?>("--store") { Description = "The run store to copy from (default: the store the saved outcomes name)." };
        var to = new Option<DirectoryInfo?>("--to") { Description = $"The published-runs folder to write (default: REPROSPEC_PUBLISHED, else {PublishedRuns.FolderName}/ of the repository); commit it." };
        var command = new Command("export", "Publish the runs the last `dotnet test` decided its claims from, for decide-only CI (REPROSPEC_TRAIN=never).") { reports, store, to };
        command.SetAction(parse =>
        {
            var cwd = Directory.GetCurrentDirectory();
            var root = parse.GetValue(reports)?.FullName
                ?? (SessionSettings.FromEnvironmentOnly(nameof(SessionSettings.Reports)).Reports is { } configuredReports ? Path.GetFullPath(configuredReports) : null)
                ?? ReportFiles.DefaultRoot(cwd);
            var target = parse.GetValue(to)?.FullName
                ?? (SessionSettings.FromEnvironmentOnly(nameof(SessionSettings.Published)).Published is { } published ? Path.GetFullPath(published) : null)
                ?? PublishedRuns.DefaultRoot(cwd);
            var (copied, unchanged, claims, storeRoot) = Export(root, parse.GetValue(store)?.FullName, target);
            parse.InvocationConfiguration.Output.WriteLine(
                $"published {copied + unchanged} run(s) of {claims} claim(s) from {storeRoot} to {target} ({copied} written, {unchanged} already there); commit {target}");
            return CliExit.Ok;
        });
        return command;
    }

    /// <summary>Publishes the runs of the latest run's saved outcomes under <paramref name="reports"/>; fails naming any run the store lacks.</summary>
    public static (int Copied, int Unchanged, int Claims, string Store) Export(string reports, string? store, string to)
    {
        if (!Directory.Exists(reports))
            throw new BadInputException($"reports directory {reports} does not exist: run the claims first (dotnet test) or pass --reports.");
        var saved = GateCommand.Read(reports);
        var records = saved.Claims.Select(c => c.Claim).ToList();
        if (records.Count == 0)
            throw new BadInputException($"no saved outcomes (*{ReportFiles.OutcomeSuffix}) in {reports}: run the claims first (dotnet test) or pass --reports.");
        var keys = records.SelectMany(r => r.RunKeys).ToList();
        if (keys.Count == 0)
            throw new BadInputException($"the saved outcomes in {reports} name no runs (written by an older ReproSpec): run the claims again with this version, then export.");
        var storeRoot = store ?? records.Select(r => r.Run?.Store).OfType<string>().FirstOrDefault()
            ?? throw new BadInputException("the saved outcomes do not say which run store they came from: pass --store.");
        if (!Directory.Exists(storeRoot)) throw new BadInputException($"run store {storeRoot} does not exist: pass --store with the store the claims were run against.");
        var (copied, unchanged, missing) = PublishedRuns.Export(new RunStore(storeRoot), keys, to);
        if (missing.Count > 0)
            throw new BadInputException($"{missing.Count} run(s) the claims were decided from are not in {storeRoot} (e.g. {missing[0]}): export against the store the claims ran on (--store).");
        return (copied, unchanged, records.Count, storeRoot);
    }
}
