using System.Reflection;
using NetArchTest.Rules;

namespace ReproSpec.Tests.Architecture;

/// <summary>
/// Which namespace of the engine may use which: the pipeline reads one way (contracts → planning → execution → store;
/// statistics → decisions → snapshots → reports; the session and the adapters on top). The cycles that remain are
/// pinned by name, so a new one fails here and a removed one must be struck from the list.
/// </summary>
public class DependencyTests
{
    static readonly Assembly Engine = typeof(ReproSpec.Claims.Claim).Assembly;

    static readonly string[] Namespaces =
        ["Claims", "Decisions", "Execution", "Experiments", "Planning", "Provenance", "Reports", "Sessions", "Snapshots", "Statistics", "Store"];

    /// <summary>
    /// The strongly connected groups of namespaces today (issue #23 lists the goal: none). Remove a group, or a
    /// member, when a refactor breaks its cycle; this test then says the list is stale.
    /// </summary>
    /// <remarks>
    /// Provenance is in the first group since the run key covers the engine's own run path: CodeFingerprint roots
    /// Execution.RunOnce, SeedSet, RunContext and RunMetrics, and leaves Planning.RunIdentity.KeyOf out by name.
    /// </remarks>
    static readonly string[][] KnownCycles =
    [
        ["Claims", "Decisions", "Execution", "Experiments", "Planning", "Provenance", "Store"],
        ["Reports", "Snapshots"],
    ];

    static bool Uses(string from, string to) =>
        !Types.InAssembly(Engine).That().ResideInNamespace("ReproSpec." + from)
            .ShouldNot().HaveDependencyOn("ReproSpec." + to)
            .GetResult().IsSuccessful;

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

    [TestCase("Statistics", "Claims", "Decisions", "Execution", "Experiments", "Planning", "Provenance", "Reports", "Sessions", "Snapshots", "Store")]
    [TestCase("Decisions", "Reports", "Snapshots", "Sessions")]
    [TestCase("Store", "Reports", "Snapshots", "Sessions", "Decisions")]
    [TestCase("Planning", "Reports", "Snapshots", "Sessions")]
    [TestCase("Reports", "Sessions")]
    public void A_stage_does_not_use_the_stages_after_it(string stage, params string[] later)
    {
        var used = later.Where(l => Uses(stage, l)).ToList();
        Assert.That(used, Is.Empty, $"ReproSpec.{stage} uses stages that come after it");
    }

    [Test]
    public void The_remaining_cycles_are_the_known_ones()
    {
        var edges = Namespaces.ToDictionary(n => n, n => Namespaces.Where(m => m != n && Uses(n, m)).ToList());
        var cycles = StronglyConnected(edges).Where(c => c.Count > 1).Select(c => string.Join(", ", c.Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal).ToList();
        var known = KnownCycles.Select(c => string.Join(", ", c.Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal).ToList();
        Assert.That(cycles, Is.EqualTo(known),
            "namespace cycles changed: a new one must be broken (contracts → planning → execution → store; statistics → decisions → snapshots → reports), " +
            "a removed one struck from KnownCycles. Edges: " + string.Join("; ", edges.Where(e => e.Value.Count > 0).Select(e => $"{e.Key} → {string.Join(",", e.Value)}")));
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
