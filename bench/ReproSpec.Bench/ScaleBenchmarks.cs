using System.Globalization;
using System.Text.RegularExpressions;
using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Execution;
using ReproSpec.Store;
using ReproSpec.Torch.Experiments;
using ReproSpec.Torch.Models;
using TorchSharp;

namespace ReproSpec.Bench;

/// <summary>
/// Performance at scale (issue 15): duplicate training across processes sharing a store, how close a suite comes
/// to the ideal packing of its runs on W workers (real claims on this machine, and a simulated 16-worker pool),
/// one MLP run against libtorch's GEMM floor, and 2 workers against 1.
/// </summary>
static partial class ScaleBenchmarks
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// Three claims of claims/ with looks of different sizes and shapes (MNIST MLP vs linear, sequential; init vs data
    /// order variance on 2,000 digits; three UCI tables). <see cref="Counts"/> fails when the filter decides another number.
    /// </summary>
    const string Filter = "Name~Mlp_beats_linear_classifier_by_3pp|Name~Initialisation_and_data_order_vary_the_accuracy_comparably|Name~A_linear_classifier_reaches_90_percent_on_each_table";

    const int FilteredClaims = 3;

    static string TestCommand => $"REPROSPEC_STORE=$(mktemp -d) dotnet test {ClaimsProject.Project} -c Release --no-build --filter \"{Filter}\"";

    [GeneratedRegex(@"\[reprospec\] claims: (?<supported>\d+) supported, (?<refuted>\d+) refuted, (?<inconclusive>\d+) inconclusive[^\n]*runs: (?<trained>\d+) trained, (?<cached>\d+) from the store")]
    private static partial Regex Summary();

    static (int Trained, int Cached) Counts(ProcessResult run)
    {
        // A claim failing its expectation still trained its runs: only a run without a summary line is unusable here.
        var match = Summary().Match(run.Output + run.Error);
        if (!match.Success) throw new InvalidOperationException($"dotnet test printed no claim summary:\n{Processes.Tail(run)}");
        var decided = new[] { "supported", "refuted", "inconclusive" }.Sum(g => int.Parse(match.Groups[g].Value, Invariant));
        if (decided != FilteredClaims)
            throw new InvalidOperationException($"the filter decided {decided} claim(s), not {FilteredClaims}: a claim of `{Filter}` was renamed or removed");
        return (int.Parse(match.Groups["trained"].Value, Invariant), int.Parse(match.Groups["cached"].Value, Invariant));
    }

    static ProcessResult[] DotnetTests(string repository, string store, int count, bool prefetch = true)
    {
        var reports = Enumerable.Range(0, count).Select(_ => Timing.TempDirectory("reports")).ToList();
        try
        {
            var environment = reports.Select(r => new Dictionary<string, string>
            {
                ["REPROSPEC_STORE"] = store, ["REPROSPEC_REPORTS"] = r, ["REPROSPEC_SNAPSHOTS"] = "0", ["REPROSPEC_WORKERS"] = "2",
                ["REPROSPEC_PREFETCH"] = prefetch ? "1" : "0",
            }).ToList();
            var runs = environment.Select(e => Task.Run(() => Processes.Run("dotnet",
                ["test", ClaimsProject.Project, "-c", "Release", "--no-build", "--nologo", "--filter", Filter, "--logger", "console;verbosity=normal"], repository, e))).ToArray();
            return Task.WhenAll(runs).GetAwaiter().GetResult();
        }
        finally
        {
            foreach (var r in reports) Timing.Delete(r);
        }
    }

    /// <summary>1. Two `dotnet test` processes at once on one cold store: runs trained by both together over the distinct runs the claims need.</summary>
    public static BenchmarkRow ConcurrentTests(string repository)
    {
        var store = Timing.TempDirectory("concurrent");
        try
        {
            var load = LoadAverage();
            var runs = DotnetTests(repository, store, 2);
            var counts = runs.Select(Counts).ToList();
            var needed = new RunStore(store).All().Count();
            var trained = counts.Sum(c => c.Trained);
            var ratio = (double)trained / needed;
            var details = new List<string>
            {
                $"load average before: {load}; claims: `{Filter}`; W = 2 in each process (4 worker processes on {Environment.ProcessorCount} cores)",
                $"process 1: {counts[0].Trained} trained, {counts[0].Cached} from the store, {runs[0].Seconds:F1} s; process 2: {counts[1].Trained} trained, {counts[1].Cached} from the store, {runs[1].Seconds:F1} s",
                $"distinct runs in the store afterwards: {needed}; trained in total: {trained}",
                "Before leases (issue 15) the whole suite, two processes on one empty store, trained 283 runs for 154 needed (1.84×).",
            };
            return new BenchmarkRow("Two concurrent `dotnet test` on one cold store (3 claims of claims/): runs trained by both / runs needed", "≤ 1.05",
                $"{ratio.ToString("F3", Invariant)} ({trained} trained for {needed} needed; one run)", BenchmarkRow.YesNo(ratio <= 1.05),
                $"s=$(mktemp -d); for i in 1 2; do REPROSPEC_STORE=$s dotnet test {ClaimsProject.Project} -c Release --no-build --filter \"{Filter}\" & done; wait", details);
        }
        finally
        {
            Timing.Delete(store);
        }
    }

    /// <summary>
    /// 2. One `dotnet test` (W = 2) on a cold store, with and without the suite schedule: wall time over the ideal
    /// packing Σ run seconds / W, from process start and over the span from the first run's start to the last one's end.
    /// </summary>
    public static BenchmarkRow SuitePacking(string repository)
    {
        var details = new List<string> { $"claims: `{Filter}`; W = 2; run seconds are each record's own time (as measured inside its worker)" };
        double? scheduledSpan = null, scheduledWall = null;
        foreach (var prefetch in new[] { true, false })
        {
            var store = Timing.TempDirectory("packing");
            try
            {
                var load = LoadAverage();
                var run = DotnetTests(repository, store, 1, prefetch)[0];
                var (trained, _) = Counts(run);
                var records = new RunStore(store).All().ToList();
                var ideal = records.Sum(r => r.Seconds) / 2;
                var first = records.Min(r => r.FinishedAt - TimeSpan.FromSeconds(r.Seconds));
                var span = (records.Max(r => r.FinishedAt) - first).TotalSeconds;
                var label = prefetch ? "with the suite schedule" : "without it (REPROSPEC_PREFETCH=0)";
                details.Add($"{label} (load average before: {load}): {trained} runs, Σ run seconds {ideal * 2:F1} s, ideal {ideal:F1} s; " +
                            $"wall from process start {run.Seconds:F1} s ({run.Seconds / ideal:F3}×); first run start to last run end {span:F1} s ({span / ideal:F3}×)");
                if (prefetch) (scheduledSpan, scheduledWall) = (span / ideal, run.Seconds / ideal);
            }
            finally
            {
                Timing.Delete(store);
            }
        }
        details.Add("From process start includes the test host's start, discovery, the worker processes' start and libtorch's load, which no packing removes.");
        return new BenchmarkRow("Suite wall time vs ideal packing (Σ run seconds / W), 3 claims of claims/, one cold `dotnet test`, W = 2", "≤ 1.15",
            $"{scheduledSpan!.Value.ToString("F3", Invariant)}× over the runs' span, {scheduledWall!.Value.ToString("F3", Invariant)}× from process start (one run each; without the schedule in the raw figures)",
            scheduledWall <= 1.15 ? "yes" : scheduledSpan <= 1.15 ? "partly" : "no", TestCommand, details);
    }

    /// <summary>A run that sleeps a seeded 100–400 ms and scores Normal(Mean, 1): a stand-in for training on a large pool.</summary>
    sealed record SleepScore(double Mean, string Label) : Experiment
    {
        public override string Name => Label;

        public override RunMetrics Run(RunContext context)
        {
            var random = context.Seeds.Random(SeedSet.Sources.Init + ":" + Label);
            Thread.Sleep(100 + random.Next(301));
            var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return RunMetrics.Of(("score", Mean + z));
        }
    }

    /// <summary>
    /// 3. A simulated pool of 16 workers (threads; runs sleep): 24 claims decided in suite order as the NUnit adapter
    /// does, with and without the suite schedule; wall time over Σ run seconds / 16.
    /// </summary>
    public static BenchmarkRow SimulatedPool()
    {
        const int Workers = 16;
        var suite = SimulatedSuite();
        var details = new List<string> { $"{suite.Count} claims: 16 two-arm fixed 5-seed claims, 8 two-arm sequential claims (3 to 12 seeds, batch 3); runs sleep 100–400 ms (seeded); {Workers} in-process workers" };
        // The deciders' and statistics' first JIT (≈ 0.5 s here) is start-up, not packing: one untimed pass first.
        Decide(SimulatedSuite(), Workers, schedule: true);
        var ratios = new Dictionary<bool, double>();
        var bounds = new Dictionary<bool, double>();
        var verdicts = new Dictionary<bool, List<string>>();
        foreach (var schedule in new[] { true, false })
        {
            var (wall, records, outcomes) = Decide(suite, Workers, schedule);
            var ideal = records.Sum(r => r.Seconds) / Workers;
            var chain = suite.Max(c => CriticalPath(c.Claim, c.Settings, records));
            ratios[schedule] = wall / ideal;
            bounds[schedule] = wall / Math.Max(ideal, chain);
            verdicts[schedule] = outcomes.Select(o => $"{o.Verdict}/{o.SeedsPerArm}/{o.PSupport:R}").ToList();
            details.Add($"{(schedule ? "with the suite schedule" : "without it (claims one after another)")}: {records.Count} runs, Σ run seconds {ideal * Workers:F1} s, " +
                        $"ideal {ideal:F2} s, longest chain of looks {chain:F2} s, wall {wall:F2} s ({wall / ideal:F3}× Σ/W; {bounds[schedule]:F3}× max(Σ/W, chain))");
        }
        var same = verdicts[true].SequenceEqual(verdicts[false]);
        details.Add($"every claim's verdict, seeds and p-value identical with and without the schedule: {(same ? "yes" : "NO")}");
        details.Add("Longest chain: over claims, the sum over its looks of the look's longest run (a look waits for the previous one's decision). " +
                    "It is far below Σ/W here, so the ideal packing is attainable and the ratio is against Σ/W.");
        details.Add("Before issue 15's second pass this row read 3.07×: in-process runs blocked thread-pool threads, and the pool grows by about one " +
                    "thread a second past its minimum (the core count), so 16 slots ran as a few; runs now get a thread of their own. " +
                    "The schedule also orders looks longest chain first (1.09× → 1.05× in trials). Without the schedule the suite is the sum of its looks.");
        return new BenchmarkRow($"Simulated {Workers}-worker pool, 24 claims of sleep-experiments: suite wall time vs ideal packing (Σ run seconds / {Workers})", "≤ 1.15; verdicts unchanged",
            $"{ratios[true].ToString("F3", Invariant)}× with the suite schedule ({bounds[true].ToString("F3", Invariant)}× max(Σ/W, longest chain of looks)), " +
            $"{ratios[false].ToString("F3", Invariant)}× without (one run each, after an untimed warm-up pass); verdicts identical: {(same ? "yes" : "no")}",
            BenchmarkRow.YesNo(ratios[true] <= 1.15 && same), "", details);
    }

    static (double Wall, List<RunRecord> Records, List<ClaimOutcome> Outcomes) Decide(List<(ClaimDeclaration Claim, ClaimSettings Settings)> suite, int workers, bool schedule)
    {
        var root = Timing.TempDirectory("pool");
        try
        {
            using var engine = new RunEngine(new RunStore(root), new InProcessExecutor(workers, 1, environment: ""));
            var outcomes = new List<ClaimOutcome>();
            var wall = Timing.Seconds(() =>
            {
                if (schedule) SuiteSchedule.Start(engine, suite);
                foreach (var (claim, settings) in suite)
                    outcomes.Add(new ClaimDecider(engine).DecideAsync(claim, settings).GetAwaiter().GetResult());
            });
            return (wall, new RunStore(root).All().ToList(), outcomes);
        }
        finally
        {
            Timing.Delete(root);
        }
    }

    /// <summary>A claim's chain of looks: for each look it took, the longest of that look's runs (the look waits for all of them).</summary>
    static double CriticalPath(ClaimDeclaration claim, ClaimSettings settings, List<RunRecord> records)
    {
        var names = claim.Arms.Select(a => a.Experiment.Name).ToHashSet();
        var own = records.Where(r => names.Contains(r.Experiment)).ToList();
        var seeds = own.Select(r => r.Seed).ToHashSet();
        var total = 0.0;
        var earlier = new HashSet<int>();
        foreach (var n in settings.Looks())
        {
            var look = settings.SeedNumbers(n).Where(s => !earlier.Contains(s)).ToHashSet();
            if (!look.All(seeds.Contains)) break;
            total += own.Where(r => look.Contains(r.Seed)).Max(r => r.Seconds);
            earlier.UnionWith(look);
        }
        return total;
    }

    static List<(ClaimDeclaration Claim, ClaimSettings Settings)> SimulatedSuite()
    {
        var suite = new List<(ClaimDeclaration, ClaimSettings)>();
        for (var i = 0; i < 24; i++)
        {
            var sequential = i % 3 == 2;
            var a = new Arm($"a{i}", new SleepScore(sequential ? 0.9 : 1.5, $"a{i}"));
            var b = new Arm($"b{i}", new SleepScore(0, $"b{i}"));
            using var scope = ClaimScope.Open();
            Claim.That(a).Beats(b).On("score");
            var settings = sequential
                ? new ClaimSettings { MinSeeds = 3, MaxSeeds = 12, Batch = 3, Test = TestKind.Welch }
                : new ClaimSettings { MinSeeds = 5, MaxSeeds = 5, Batch = 5, Test = TestKind.Welch };
            suite.Add((scope.Build(out _).Single(), settings));
        }
        return suite;
    }

    /// <summary>
    /// 4. One MNIST MLP run (784-256-10, 3 epochs, 8k digits, batch 64, Adam) in this process on one thread, against
    /// the same matrix products alone: every GEMM the run's forward and backward passes and its evaluation need, with
    /// the same shapes, layouts (nn.Linear keeps W as [out, in]) and count, on random tensors. Between the two, the
    /// run's time is split into what libtorch alone needs for the same math (the model's forward, loss and backward on
    /// one batch, then also Adam's update) and what the loop adds (data tensors, gathering batches, evaluation).
    /// Medians of 5, alternating.
    /// </summary>
    public static BenchmarkRow GemmFloor()
    {
        torch.set_num_threads(1);
        var experiment = new MnistClassifier(Architecture: "mlp", Hidden: 256);
        double Run(int seed) => RunOnce.Execute(new RunRequest(experiment, seed, []), 1, "", CancellationToken.None).Metrics["seconds"];
        Run(100); // data, libtorch and JIT outside the timed region
        Floor();
        ModelMath(adam: true);
        var parts = new Dictionary<string, List<double>> { ["run"] = [], ["gemm"] = [], ["autograd"] = [], ["adam"] = [] };
        var details = new List<string>();
        for (var rep = 0; rep < 5; rep++)
        {
            var order = rep % 2 == 0 ? new[] { "run", "gemm", "autograd", "adam" } : ["adam", "autograd", "gemm", "run"];
            foreach (var part in order)
                parts[part].Add(part switch { "run" => Run(rep), "gemm" => Floor(), "autograd" => ModelMath(adam: false), _ => ModelMath(adam: true) });
            var (run, floor) = (parts["run"][^1], parts["gemm"][^1]);
            details.Add($"repetition {rep + 1} (load average before: {LoadAverage()}): run {run:F3} s (its seconds metric: tensors, training, evaluation), GEMMs alone {floor:F3} s; ratio {run / floor:F2}; " +
                        $"libtorch alone: forward, loss and backward {parts["autograd"][^1]:F3} s, with Adam {parts["adam"][^1]:F3} s");
        }
        var ratio = Timing.Median(parts["run"].Zip(parts["gemm"], (r, f) => r / f));
        var math = Timing.Median(parts["adam"].Zip(parts["gemm"], (a, f) => a / f));
        var loop = Timing.Median(parts["run"].Zip(parts["adam"], (r, a) => r / a));
        var median = parts.ToDictionary(p => p.Key, p => Timing.Median(p.Value));
        var flops = GemmFlops();
        details.Add($"GEMMs per run: per batch of 64 (125 a epoch, 3 epochs) x·W1ᵀ [64×784]·[784×256], h·W2ᵀ [64×256]·[256×10], ∂h = ∂y·W2, ∂W2 = ∂yᵀ·h, ∂W1 = ∂hᵀ·x " +
                    $"(no gradient for the input); evaluation: 2 batches of 1000 forward; {flops / 1e9:F2} GFLOP in total, {flops / median["gemm"] / 1e9:F1} GFLOP/s on one thread");
        details.Add($"Where a run's time goes (medians): GEMMs {median["gemm"]:F3} s; the rest of forward, loss and backward (bias, ReLU, softmax, autograd) " +
                    $"{median["autograd"] - median["gemm"]:F3} s; Adam's update (8 elementwise passes over 203,530 parameters a step) {median["adam"] - median["autograd"]:F3} s; " +
                    $"the loop's own work (data tensors, batch gathers, loss sums, evaluation) {median["run"] - median["adam"]:F3} s");
        details.Add($"The same math in libtorch alone (one fixed batch, no data, no evaluation) is already {math:F2}× the GEMMs: a goal of 1.5× is out of reach without " +
                    $"changing the math (fusing Adam's passes changes its rounding). ReproSpec's run over that: {loop:F2}×.");
        details.Add("Issue 15's second pass made the loop leaner with identical figures: gradients dropped instead of zeroed (backward writes them instead of adding to zeros), " +
                    "and the shuffled rows gathered once per 32 MB instead of once per batch. Before: 2.45× (0.594 s vs 0.247 s; issue 15 as filed: 0.39 s vs ≈ 0.21 s, 1.86×, before the leases' merge).");
        return new BenchmarkRow("MLP run time (784-256-10, 3 epochs, 8k digits, 1 thread) vs the GEMM floor: the same matrix products in libtorch alone", "≤ 1.5×",
            $"{ratio.ToString("F2", Invariant)}× (median of 5; run {median["run"]:F3} s, GEMMs {median["gemm"]:F3} s); the same math in libtorch alone {math.ToString("F2", Invariant)}× the GEMMs, " +
            $"the run {loop.ToString("F2", Invariant)}× that", BenchmarkRow.YesNo(ratio <= 1.5), "", details);
    }

    const int Batch = 64, Batches = 125, Epochs = 3, Input = 784, Hidden = 256, Classes = 10, Evaluation = 1000, EvaluationBatches = 2;

    static double GemmFlops() =>
        2.0 * Epochs * Batches * (Batch * Input * Hidden + Batch * Hidden * Classes + Batch * Classes * Hidden + Classes * Batch * Hidden + Hidden * Batch * Input)
        + 2.0 * EvaluationBatches * (Evaluation * Input * Hidden + Evaluation * Hidden * Classes);

    static double Floor()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.rand(Batch, Input);
        var w1 = torch.rand(Hidden, Input);
        var h = torch.rand(Batch, Hidden);
        var w2 = torch.rand(Classes, Hidden);
        var dy = torch.rand(Batch, Classes);
        var dh = torch.rand(Batch, Hidden);
        var xe = torch.rand(Evaluation, Input);
        var he = torch.rand(Evaluation, Hidden);
        return Timing.Seconds(() =>
        {
            for (var step = 0; step < Epochs * Batches; step++)
            {
                using var inner = torch.NewDisposeScope();
                x.mm(w1.t());
                h.mm(w2.t());
                dy.mm(w2);
                dy.t().mm(h);
                dh.t().mm(x);
            }
            for (var b = 0; b < EvaluationBatches; b++)
            {
                using var inner = torch.NewDisposeScope();
                xe.mm(w1.t());
                he.mm(w2.t());
            }
        });
    }

    /// <summary>
    /// The run's model math in libtorch alone: the same MLP's forward, cross-entropy and backward on one fixed batch,
    /// as many steps as a run, and with <paramref name="adam"/> also Adam's update written as the run's optimiser writes it.
    /// </summary>
    static double ModelMath(bool adam)
    {
        using var scope = torch.NewDisposeScope();
        var model = new Mlp([Input, Hidden, Classes]);
        var x = torch.rand(Batch, Input);
        var y = torch.randint(0, Classes, [Batch]);
        var parameters = model.parameters().ToArray();
        var m = parameters.Select(p => torch.zeros_like(p)).ToArray();
        var v = parameters.Select(p => torch.zeros_like(p)).ToArray();
        // Scalars held until libtorch returns (see src/ReproSpec.Torch/Training/Optimizers.cs: temporaries can be collected mid-call).
        using Scalar beta1 = 0.9, oneMinusBeta1 = 0.1, beta2 = 0.999, oneMinusBeta2 = 0.001, epsilon = 1e-8, one = 1.0;
        return Timing.Seconds(() =>
        {
            for (var step = 1; step <= Epochs * Batches; step++)
            {
                using var inner = torch.NewDisposeScope();
                foreach (var p in parameters) p.grad = null;
                torch.nn.functional.cross_entropy(model.forward(x), y).backward();
                if (!adam) continue;
                using var noGrad = torch.no_grad();
                using Scalar correction = Math.Sqrt(1 - Math.Pow(0.999, step)), stepSize = -1e-3 / (1 - Math.Pow(0.9, step));
                for (var i = 0; i < parameters.Length; i++)
                {
                    var grad = parameters[i].grad!;
                    m[i].mul_(beta1).add_(grad, oneMinusBeta1);
                    v[i].mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);
                    var denominator = v[i].sqrt();
                    denominator.div_(correction).add_(epsilon, one);
                    parameters[i].addcdiv_(m[i], denominator, stepSize);
                }
            }
        });
    }

    /// <summary>5. 2 worker processes vs 1 from process start, after the lean loop and the leases (the engine group's row, measured again here).</summary>
    public static BenchmarkRow TwoWorkers()
    {
        var (parallel, _) = EngineBenchmarks.ParallelAndWarm(runs: 12, repetitions: 3);
        return parallel with { What = "2 workers vs 1 from process start (" + parallel.What["Parallel: ".Length..] + "), measured again after the lean loop", Goal = "≥ 1.8× from process start" };
    }

    static string LoadAverage() => EngineBenchmarks.LoadAverage();
}
