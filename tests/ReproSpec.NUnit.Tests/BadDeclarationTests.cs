using NUnit.Framework.Interfaces;
using ReproSpec.KnownVerdicts;

namespace ReproSpec.NUnit.Tests;

[NonParallelizable]
public class BadDeclarationTests
{
    static IReadOnlyDictionary<string, ITestResult> results = new Dictionary<string, ITestResult>();

    [OneTimeSetUp]
    public void RunBadDeclarations() => results = FixtureRunner.Run(typeof(BadDeclarations));

    // Settings errors are found at discovery (NotRunnable, nothing trains); the rest when the claim is decided.
    [TestCase(nameof(BadDeclarations.Alpha_outside_unit_interval), "Alpha = 1.5 is outside (0, 0.5)", true)]
    [TestCase(nameof(BadDeclarations.Fewer_than_two_seeds), "MinSeeds = 1", true)]
    [TestCase(nameof(BadDeclarations.Max_seeds_below_min_seeds), "MaxSeeds = 5 is below MinSeeds = 10", true)]
    [TestCase(nameof(BadDeclarations.Spending_on_a_fixed_number_of_seeds), "Spending = Pocock applies to a sequential claim, but this one runs a fixed 5 seeds per arm", true)]
    [TestCase(nameof(BadDeclarations.Expectation_without_reason), "needs Because", true)]
    [TestCase(nameof(BadDeclarations.Seeds_with_max_seeds), "Seeds = 5 declares a fixed number of seeds, but MaxSeeds is declared too", true)]
    [TestCase(nameof(BadDeclarations.Seeds_with_min_seeds), "Seeds = 10 declares a fixed number of seeds, but MinSeeds is declared too", true)]
    [TestCase(nameof(BadDeclarations.Because_without_expectation), "Because = \"…\" is set but Expect is Supported (the default)", true)]
    [TestCase(nameof(BadDeclarations.Most_seeds_claim_with_too_few_seeds), "with 28 seeds per arm this claim can never be Supported: even if every seed is in its favour, its one-sided binomial p-value stays above the level of its last look. It needs at least 29 seeds per arm", false)]
    [TestCase(nameof(BadDeclarations.Divergence_claim_with_too_few_seeds), "It needs at least 59 seeds per arm at α = 0.05; declare Seeds = 59 or more", false)]
    [TestCase(nameof(BadDeclarations.Fraction_of_seeds_claim_with_too_few_seeds), "It needs at least 29 seeds per arm", false)]
    [TestCase(nameof(BadDeclarations.Unknown_metric), "unknown metric \"acuracy\" for arm high: its runs report loss, score", false)]
    [TestCase(nameof(BadDeclarations.Metric_absent_from_some_runs), "is absent from runs of arm Patchy for seeds 1, 3", false)]
    [TestCase(nameof(BadDeclarations.Duplicate_arm_names), "two different arms are both named \"high\"", false)]
    [TestCase(nameof(BadDeclarations.Same_arm_twice), "both arms are named \"high\"", false)]
    [TestCase(nameof(BadDeclarations.Negative_margin), "margin -0.1 must be a finite number ≥ 0", false)]
    [TestCase(nameof(BadDeclarations.Reported_sd_not_positive), "reported standard deviation 0 must be > 0", false)]
    [TestCase(nameof(BadDeclarations.Reported_n_below_two), "reported n = 1", false)]
    [TestCase(nameof(BadDeclarations.No_metric_named), "names no metric: add .On(", false)]
    [TestCase(nameof(BadDeclarations.No_claim_declared), "declared no claim", false)]
    [TestCase(nameof(BadDeclarations.Too_many_diverged_runs), "only 1 usable run(s)", false)]
    [TestCase(nameof(BadDeclarations.Divergence_policy_error), "diverged on seeds 3", false)]
    public void Each_bad_declaration_gives_one_clear_error_on_its_own_test(string name, string expected, bool atDiscovery)
    {
        var result = results[name];
        Assert.Multiple(() =>
        {
            Assert.That(result.ResultState, Is.EqualTo(atDiscovery ? ResultState.NotRunnable : ResultState.Error));
            Assert.That(result.Message, Does.StartWith("Bad claim declaration: "));
            Assert.That(result.Message, Does.Contain(expected));
        });
    }

    [Test]
    public void An_arm_failing_on_every_seed_is_reported_as_failed_runs_not_as_a_bad_declaration()
    {
        var result = results[nameof(BadDeclarations.Arm_throws_on_every_seed)];
        Assert.Multiple(() =>
        {
            Assert.That(result.ResultState, Is.EqualTo(ResultState.Error));
            Assert.That(result.Message, Does.StartWith("Runs failed: "));
            Assert.That(result.Message, Does.Contain("arm Throwing threw on every seed (5 runs); first error, seed 0: InvalidOperationException: CUDA out of memory (simulated)"));
        });
    }

    [Test]
    public void Every_bad_declaration_fixture_is_covered()
    {
        var declared = typeof(BadDeclarations).GetMethods().Count(m => m.GetCustomAttributes(typeof(ClaimAttribute), false).Length > 0);
        Assert.That(results, Has.Count.EqualTo(declared));
    }
}

/// <summary>Parameters that do not round-trip through JSON: one clear error each, on its own test; the good claim beside them is decided.</summary>
[NonParallelizable]
public class ParameterDeclarationTests
{
    static IReadOnlyDictionary<string, ITestResult> results = new Dictionary<string, ITestResult>();

    [OneTimeSetUp]
    public void RunParameterDeclarations() => results = FixtureRunner.Run(typeof(ParameterDeclarations));

    [TestCase(nameof(ParameterDeclarations.Delegate_parameter), "experiment Shaped: parameter Shape (Func<Double, Double>) cannot be written as JSON")]
    [TestCase(nameof(ParameterDeclarations.NaN_parameter), "experiment Spread: parameter Sd is NaN, which JSON cannot hold: use a finite number")]
    [TestCase(nameof(ParameterDeclarations.Infinite_parameter), "experiment Spread: parameter Sd is ∞, which JSON cannot hold")]
    [TestCase(nameof(ParameterDeclarations.Parameter_that_cannot_be_read_back), "experiment Weighted: parameter Weight (IComparable) is written as {} but cannot be read back")]
    [TestCase(nameof(ParameterDeclarations.Parameter_that_reads_back_different), "experiment Tuned: parameter LearningRate reads back different: written 0.2, read back 0.1")]
    public void A_parameter_that_does_not_round_trip_is_a_bad_declaration_naming_it_and_the_fix(string name, string expected)
    {
        var result = results[name];
        Assert.Multiple(() =>
        {
            Assert.That(result.ResultState, Is.EqualTo(ResultState.Error));
            Assert.That(result.Message, Does.StartWith("Bad claim declaration: "));
            Assert.That(result.Message, Does.Contain(expected));
            Assert.That(result.Message, Does.Contain("must round-trip through System.Text.Json"));
            Assert.That(result.Message, Does.Not.Contain("   at "), "no stack trace: the message is the whole story");
        });
    }

    [Test]
    public void The_well_declared_claim_beside_them_is_decided() =>
        Assert.That(results[nameof(ParameterDeclarations.Well_declared_beside_them)].ResultState, Is.EqualTo(ResultState.Success));
}
