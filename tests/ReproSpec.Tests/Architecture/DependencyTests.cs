using System.Reflection;
using NetArchTest.Rules;

namespace ReproSpec.Tests.Architecture;

/// <summary>
/// Which namespace of the engine may use which. The stages, each using only the ones before it:
/// <code>
/// Statistics, Provenance                    pure statistics; what code, data and machine a run had
/// Claims → Planning → Store → Execution     the run path: declare, key, keep a record, run (the engine writes the store)
/// Experiments                               experiments beyond in-process code (commands, their files)
/// Decisions → Snapshots → Reports           decide from records, pin the distributions, report
/// Sessions                                  the one flow over all of them; ReproSpec.NUnit and ReproSpec.Cli above it
/// </code>
/// The only edges against that order are <see cref="RunKeyEdges"/>: the run contract (RunContext, RunMetrics,
/// SeedSet, RunOutput, RunOnce) lives in Execution, and its namespaced names are in every run key's code text. They are
/// checked at the level of types: a stage before Execution may use the run contract and nothing else of Execution, and
/// the run contract uses nothing after Claims, so as a layer of types the order has no cycle at all.
/// </summary>
public class DependencyTests
{
    static readonly Assembly Engine = typeof(ReproSpec.Claims.Claim).Assembly;

    static readonly string[] Order =
        ["Statistics", "Provenance", "Claims", "Planning", "Store", "Execution", "Experiments", "Decisions", "Snapshots", "Reports", "Sessions"];

    /// <summary>
    /// Uses of Execution by stages before it, each for the run contract. Moving those types (to Claims) would make the
    /// order strict, but it changes every run key (CodeFingerprint hashes the IL of the run path with namespaced type
    /// names, so every stored run would be trained again) and the <c>using ReproSpec.Execution;</c> of every experiment.
    /// Strike an edge when a change removes it; this test then says the list is stale.
    /// </summary>
    static readonly (string From, string To, string Why)[] RunKeyEdges =
    [
        ("Claims", "Execution", "Experiment.Run takes a RunContext and returns RunMetrics"),
        ("Planning", "Execution", "CodeFingerprint roots every run key in RunOnce.Execute, SeedSet, RunContext and RunMetrics"),
        ("Store", "Execution", "RunRecord.Output is the RunOutput a RunContext keeps"),
    ];

    static bool Uses(string from, string to) =>
        !Types.InAssembly(Engine).That().ResideInNamespace("ReproSpec." + from)
            .ShouldNot().HaveDependencyOn("ReproSpec." + to)
            .GetResult().IsSuccessful;

    static bool IsRunKeyEdge(string from, string to) => RunKeyEdges.Any(e => e.From == from && e.To == to);

    static Dictionary<string, List<string>> Edges() => Order.ToDictionary(n => n, n => Order.Where(m => m != n && Uses(n, m)).ToList());

    static string Describe(Dictionary<string, List<string>> edges) =>
        "Edges: " + string.Join("; ", edges.Where(e => e.Value.Count > 0).Select(e => $"{e.Key} → {string.Join(",", e.Value)}"));

    [Test]
    public void The_engine_references_no_test_framework_and_no_adapter()
    {
        var result = Types.InAssembly(Engine).ShouldNot().HaveDependencyOnAny("NUnit", "ReproSpec.NUnit", "ReproSpec.Cli", "ReproSpec.Plots", "DiffEngine").GetResult();
        Assert.That(result.FailingTypeNames ?? [], Is.Empty, "the engine must stay framework-agnostic (STYLE.md 2, 13)");
    }

    [Test]
    public void Only_adapters_use_the_claim_session()
    {
        var result = Types.InAssembly(Engine).That().DoNotResideInNamespace("ReproSpec.Sessions")
            .ShouldNot().HaveDependencyOn("ReproSpec.Sessions").GetResult();
        Assert.That(result.FailingTypeNames ?? [], Is.Empty, "the session sits on top of the pipeline: no stage may call back into it");
    }

    [Test]
    public void Every_namespace_of_the_engine_has_its_place_in_the_order()
    {
        var stages = Engine.GetTypes().Select(t => t.Namespace).OfType<string>().Where(n => n.StartsWith("ReproSpec.", StringComparison.Ordinal))
            .Select(n => n["ReproSpec.".Length..].Split('.')[0]).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.That(stages, Is.EquivalentTo(Order), "a new namespace is a new stage: place it in Order and in docs/engine.md");
    }

    [TestCase("Statistics", "Provenance", "Claims", "Planning", "Store", "Execution", "Experiments", "Decisions", "Snapshots", "Reports", "Sessions")]
    [TestCase("Provenance", "Claims", "Planning", "Store", "Execution", "Experiments", "Decisions", "Snapshots", "Reports", "Sessions")]
    [TestCase("Claims", "Planning", "Store", "Execution", "Experiments", "Decisions", "Snapshots", "Reports", "Sessions")]
    [TestCase("Planning", "Store", "Execution", "Experiments", "Decisions", "Snapshots", "Reports", "Sessions")]
    [TestCase("Store", "Execution", "Experiments", "Decisions", "Snapshots", "Reports", "Sessions")]
    [TestCase("Execution", "Experiments", "Decisions", "Snapshots", "Reports", "Sessions")]
    [TestCase("Experiments", "Decisions", "Snapshots", "Reports", "Sessions")]
    [TestCase("Decisions", "Snapshots", "Reports", "Sessions")]
    [TestCase("Snapshots", "Reports", "Sessions")]
    [TestCase("Reports", "Sessions")]
    public void A_stage_does_not_use_the_stages_after_it(string stage, params string[] later)
    {
        Assert.That(later, Is.EqualTo(Order.SkipWhile(s => s != stage).Skip(1)), "a test case lists every stage after its own, in Order");
        var used = later.Where(l => !IsRunKeyEdge(stage, l) && Uses(stage, l)).ToList();
        Assert.That(used, Is.Empty, $"ReproSpec.{stage} uses stages that come after it");
    }

    /// <summary>The run contract: the types an experiment and a run key see, in Execution for the names in every key.</summary>
    static readonly string[] RunContract = ["RunContext", "RunMetrics", "SeedSet", "RunOutput", "RunOnce"];

    /// <summary>Full names of Execution's types outside the run contract (nested types share their prefix).</summary>
    static string[] ExecutionBeyondTheRunContract() =>
        Engine.GetTypes().Where(t => t.Namespace == "ReproSpec.Execution" && !t.IsNested && !t.Name.StartsWith('<') && !RunContract.Contains(t.Name))
            .Select(t => t.FullName!).ToArray();

    [TestCase("Claims")]
    [TestCase("Planning")]
    [TestCase("Store")]
    public void A_stage_before_execution_uses_only_its_run_contract(string stage)
    {
        var beyond = ExecutionBeyondTheRunContract();
        Assert.That(beyond, Does.Contain("ReproSpec.Execution.RunEngine"), "the check must see the engine itself");
        var result = Types.InAssembly(Engine).That().ResideInNamespace("ReproSpec." + stage).ShouldNot().HaveDependencyOnAny(beyond).GetResult();
        Assert.That(result.FailingTypeNames ?? [], Is.Empty, $"ReproSpec.{stage} may use Execution's run contract ({string.Join(", ", RunContract)}) and nothing else of it");
    }

    /// <summary>
    /// The run contract sits, as a layer, just after Claims: it uses Statistics, Provenance, Claims and itself only, so
    /// the three run-key edges close no cycle.
    /// </summary>
    [Test]
    public void The_run_contract_uses_nothing_after_claims()
    {
        var later = Order.SkipWhile(s => s != "Claims").Skip(1).Where(s => s != "Execution").Select(s => "ReproSpec." + s)
            .Concat(ExecutionBeyondTheRunContract()).ToArray();
        var result = Types.InAssembly(Engine).That().ResideInNamespace("ReproSpec.Execution").And().HaveName(RunContract)
            .ShouldNot().HaveDependencyOnAny(later).GetResult();
        Assert.That(result.FailingTypeNames ?? [], Is.Empty, "the run contract must stay below Planning, Store and the rest of Execution");
    }

    [Test]
    public void The_run_key_edges_are_still_used()
    {
        var stale = RunKeyEdges.Where(e => !Uses(e.From, e.To)).Select(e => $"{e.From} → {e.To} ({e.Why})").ToList();
        Assert.That(stale, Is.Empty, "strike these from RunKeyEdges: nothing uses them any more");
    }

    [Test]
    public void No_namespaces_form_a_cycle_but_through_the_run_key_edges()
    {
        var edges = Edges();
        var ordered = edges.ToDictionary(e => e.Key, e => e.Value.Where(to => !IsRunKeyEdge(e.Key, to)).ToList());
        var cycles = StronglyConnected(ordered).Where(c => c.Count > 1).Select(c => string.Join(", ", c.Order(StringComparer.Ordinal))).ToList();
        Assert.That(cycles, Is.Empty,
            "namespaces that use each other: break the cycle so the pipeline reads one way (" + string.Join(" → ", Order) + "). " + Describe(edges));
    }

    /// <summary>Tarjan's strongly connected components.</summary>
    static List<List<string>> StronglyConnected(IReadOnlyDictionary<string, List<string>> edges)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var components = new List<List<string>>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            foreach (var w in edges[v])
            {
                if (!index.TryGetValue(w, out var seen))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (stack.Contains(w))
                {
                    low[v] = Math.Min(low[v], seen);
                }
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do
            {
                x = stack.Pop();
                component.Add(x);
            }
            while (x != v);
            components.Add(component);
        }
        foreach (var v in edges.Keys)
            if (!index.ContainsKey(v)) Visit(v);
        return components;
    }
}
