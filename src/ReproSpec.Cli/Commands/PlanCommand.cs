using System.CommandLine;
using System.Text.Json;
using ReproSpec.Cli.Input;

namespace ReproSpec.Cli.Commands;

/// <summary><c>reprospec plan</c>: the runs the claims' next looks need that the store does not have.</summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var claims = ClaimsPlanInput.ClaimsOption();
        var store = ClaimsPlanInput.StoreOption();
        var format = new Option<string>("--format") { Description = "Output format: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("plan", "List the runs missing from the store for each claim's next look (sequential claims: only the next look; decided claims: none).")
        {
            claims, store, format,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            using var planned = ClaimsPlanInput.Plan(parse.GetRequiredValue(claims), parse.GetValue(store), parse.InvocationConfiguration.Error);
            output.Write(parse.GetValue(format) == "json" ? Json(planned) + "\n" : Text(planned));
            return CliExit.Ok;
        });
        return command;
    }

    /// <summary>A header, one line per claim, then one line per missing run: claim, experiment, seed, key.</summary>
    public static string Text(PlannedClaims planned)
    {
        var plan = planned.Plan;
        var w = new StringWriter();
        w.WriteLine($"store {planned.Store.Root}");
        w.WriteLine($"{plan.Claims.Count} claim(s): {plan.Claims.Count(c => c.Decided)} decided from the store, {plan.Claims.Count(c => c.Missing.Count > 0)} need runs, {plan.Claims.Count(c => c.Problem is not null)} badly declared" +
                    (planned.Discovery.Problems.Count > 0 ? $"; {planned.Discovery.Problems.Count} claim method(s) could not be declared" : ""));
        foreach (var c in plan.Claims)
        {
            var state = c.Outcome is { } o ? o.Verdict.ToString().ToUpperInvariant()
                : c.Problem is not null ? "BAD DECLARATION"
                : $"NEEDS {c.Missing.Count} RUN(S)";
            var design = c.Problem is null ? $" [{c.Claim.Settings.Design()}]" : $": {c.Problem}";
            w.WriteLine($"  {state}: {c.Claim.Test}: {c.Claim.Declaration.Sentence}{design}");
        }
        foreach (var p in planned.Discovery.Problems) w.WriteLine($"  BAD DECLARATION: {p.Test}: {p.Problem}");
        w.WriteLine($"{plan.Missing.Count} missing run(s)");
        foreach (var run in plan.Missing)
            w.WriteLine($"  {string.Join(",", run.Claims)}\t{run.Request.Experiment.Name}\tseed {run.Request.Seed}\t{run.Key}");
        return w.ToString();
    }

    public static string Json(PlannedClaims planned) => JsonSerializer.Serialize(new
    {
        store = planned.Store.Root,
        claims = planned.Plan.Claims.Select(c => new
        {
            test = c.Claim.Test,
            claim = c.Claim.Declaration.Sentence,
            design = c.Claim.Settings.Design(),
            verdict = c.Outcome?.Verdict.ToString(),
            problem = c.Problem,
            missing = c.Missing.Count,
        }).Concat(planned.Discovery.Problems.Select(p => new
        {
            test = p.Test,
            claim = "",
            design = "",
            verdict = (string?)null,
            problem = (string?)p.Problem,
            missing = 0,
        })),
        runs = planned.Plan.Missing.Select(r => new
        {
            claims = r.Claims,
            experiment = r.Request.Experiment.Name,
            seed = r.Request.Seed,
            key = r.Key,
        }),
    }, Indented);

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
