using NUnit.Framework.Interfaces;
using ReproSpec.KnownVerdicts;

namespace ReproSpec.NUnit.Tests;

[NonParallelizable]
public class KnownVerdictTests
{
    static IReadOnlyDictionary<string, ITestResult> results = new Dictionary<string, ITestResult>();

    [OneTimeSetUp]
    public void RunKnownVerdictFixtures()
    {
        Environment.SetEnvironmentVariable("REPROSPEC_STRICT", null);
        results = FixtureRunner.Run(typeof(KnownVerdictClaims));
    }

    static ITestResult Result(string name) => results.TryGetValue(name, out var r) ? r : throw new AssertionException($"no result for {name}; got {string.Join(", ", results.Keys)}");

    [TestCase(nameof(KnownVerdictClaims.Supported_beats), "Supported")]
    [TestCase(nameof(KnownVerdictClaims.Supported_lower_is_better), "Supported")]
    [TestCase(nameof(KnownVerdictClaims.Supported_threshold), "Supported")]
    [TestCase(nameof(KnownVerdictClaims.Supported_quantile_threshold), "Supported")]
    [TestCase(nameof(KnownVerdictClaims.Supported_equivalence), "Supported")]
    [TestCase(nameof(KnownVerdictClaims.Supported_reproduction), "Supported")]
    [TestCase(nameof(KnownVerdictClaims.Supported_ranking), "Supported")]
    [TestCase(nameof(KnownVerdictClaims.Supported_across), "Supported")]
    [TestCase(nameof(KnownVerdictClaims.Supported_stable), "Supported")]
    [TestCase(nameof(KnownVerdictClaims.Supported_divergence), "Supported")]
    [TestCase(nameof(KnownVerdictClaims.Sequential_stops_early), "Supported")]
    [TestCase(nameof(KnownVerdictClaims.Sequential_pocock_stops_earlier), "Supported")]
    [TestCase(nameof(KnownVerdictClaims.Diverged_runs_are_excluded), "Supported")]
    [TestCase(nameof(KnownVerdictClaims.Expected_refutation), "Refuted")]
    public void Claims_that_must_pass_pass_with_their_verdict(string name, string verdict)
    {
        var result = Result(name);
        Assert.Multiple(() =>
        {
            Assert.That(result.ResultState.Status, Is.EqualTo(TestStatus.Passed), result.Message);
            Assert.That(result.Test.Properties.Get("Verdict"), Is.EqualTo(verdict));
            Assert.That(result.Message, Does.StartWith(verdict.ToUpperInvariant()));
            Assert.That(result.Message, Does.Contain("p(for) = "));
        });
    }

    [TestCase(nameof(KnownVerdictClaims.Refuted_beats))]
    [TestCase(nameof(KnownVerdictClaims.Refuted_equivalence))]
    [TestCase(nameof(KnownVerdictClaims.Refuted_reproduction))]
    [TestCase(nameof(KnownVerdictClaims.Refuted_across))]
    [TestCase(nameof(KnownVerdictClaims.Refuted_divergence))]
    public void Refuted_claims_fail_with_the_numbers(string name)
    {
        var result = Result(name);
        Assert.Multiple(() =>
        {
            Assert.That(result.ResultState, Is.EqualTo(ResultState.Failure));
            Assert.That(result.Test.Properties.Get("Verdict"), Is.EqualTo("Refuted"));
            Assert.That(result.Message, Does.StartWith("REFUTED"));
        });
    }

    [Test]
    public void A_supported_claim_expected_to_be_refuted_fails_and_says_so()
    {
        var result = Result(nameof(KnownVerdictClaims.Expected_refutation_that_is_supported));
        Assert.Multiple(() =>
        {
            Assert.That(result.ResultState, Is.EqualTo(ResultState.Failure));
            Assert.That(result.Message, Does.StartWith("Expected Refuted but the claim is Supported"));
        });
    }

    [Test]
    public void An_undecided_claim_is_inconclusive_and_says_how_many_seeds_would_decide_it()
    {
        var result = Result(nameof(KnownVerdictClaims.Inconclusive_beats));
        Assert.Multiple(() =>
        {
            Assert.That(result.ResultState.Status, Is.EqualTo(TestStatus.Inconclusive));
            Assert.That(result.Test.Properties.Get("Verdict"), Is.EqualTo("Inconclusive"));
            Assert.That(result.Message, Does.Contain("fresh seeds per arm would give 80 % power"));
            Assert.That(result.Test.Properties.Get("SeedsToDecide"), Is.GreaterThan(5));
        });
    }

    [Test]
    public void A_first_attempt_that_kept_alpha_back_prints_the_claim_attribute_that_continues_it_and_that_attribute_combines_both()
    {
        var first = Result(nameof(KnownVerdictClaims.Inconclusive_keeping_alpha_back));
        var continuation = Result(nameof(KnownVerdictClaims.Continuation_combined_with_the_first_attempt));
        // The fixture declares the continuation exactly as the first attempt's message prints it.
        var printed = $"[Claim(Seeds = {KnownVerdictClaims.ContinuationSeeds}, FirstSeed = 5, Continues = \"{KnownVerdictClaims.EarlierAttempt}\")]";
        Assert.Multiple(() =>
        {
            Assert.That(first.Test.Properties.Get("Verdict"), Is.EqualTo("Inconclusive"), first.Message);
            Assert.That(first.Message, Does.Contain("level 0.04: α = 0.05 less 0.01 kept back for a continuation"));
            Assert.That(first.Message, Does.Contain(printed), "the fixture's continuation must be the one the message prints");
            Assert.That(first.Message, Does.Contain("the two attempts together keep each error ≤ α = 0.05"));
            Assert.That(continuation.ResultState.Status, Is.EqualTo(TestStatus.Passed), continuation.Message);
            Assert.That(continuation.Test.Properties.Get("Verdict"), Is.EqualTo("Supported"));
            Assert.That(continuation.Message, Does.Contain("combined with the earlier attempt").And.Contain("the two attempts together keep each error ≤ α"));
        });
    }

    [Test]
    public void Continues_text_that_is_not_an_earlier_attempt_is_a_declaration_error_naming_the_form()
    {
        var result = Result(nameof(KnownVerdictClaims.Continues_text_that_is_not_an_earlier_attempt));
        Assert.Multiple(() =>
        {
            Assert.That(result.ResultState.Status, Is.Not.EqualTo(TestStatus.Passed));
            Assert.That(result.Message, Does.Contain("Continues = \"EarlierAttempt(5, 5, 0.1, 0.9, 0.01)\" is not an earlier attempt"));
            Assert.That(result.Message, Does.Contain("copy the text the earlier attempt's Inconclusive message prints"));
        });
    }

    [Test]
    public void A_sequential_claim_stops_early_when_the_effect_is_clear()
    {
        // Looks at 3, 6, ..., 30 seeds; O'Brien–Fleming spends almost nothing at the first looks, so a 5-sd
        // effect is decided at the third or fourth look, far from the 30 seeds a fixed design would train.
        var result = Result(nameof(KnownVerdictClaims.Sequential_stops_early));
        Assert.That(result.Test.Properties.Get("SeedsPerArm"), Is.InRange(6, 12), result.Message);
    }

    [Test]
    public void A_sequential_claim_decides_with_the_spending_function_it_declares()
    {
        // Same claim and looks, two spending functions: each verdict is judged at its own design's nominal level (to the 6 digits of the property),
        // and Pocock, which spends more α early, stops no later than O'Brien–Fleming (strictly earlier here).
        var pocock = Result(nameof(KnownVerdictClaims.Sequential_pocock_stops_earlier));
        var obrienFleming = Result(nameof(KnownVerdictClaims.Sequential_stops_early));
        double Level(ITestResult r) => double.Parse((string)r.Test.Properties.Get("NominalLevel")!, System.Globalization.CultureInfo.InvariantCulture);
        int Look(ITestResult r) => (int)r.Test.Properties.Get("Looks")! - 1;
        int Seeds(ITestResult r) => (int)r.Test.Properties.Get("SeedsPerArm")!;
        // The arms share seeds, so the test is a paired t: its levels are the simulation-calibrated ones.
        var pocockDesign = Statistics.SequentialDesign.Create(3, 30, 3, 0.05, Statistics.SpendingFunction.Pocock, Statistics.LookStatistic.OneSampleT);
        var obfDesign = Statistics.SequentialDesign.Create(3, 30, 3, 0.05, Statistics.SpendingFunction.OBrienFleming, Statistics.LookStatistic.OneSampleT);
        Assert.Multiple(() =>
        {
            Assert.That(Level(pocock), Is.EqualTo(pocockDesign.NominalAlphas[Look(pocock)]).Within(0.001).Percent, pocock.Message);
            Assert.That(Level(obrienFleming), Is.EqualTo(obfDesign.NominalAlphas[Look(obrienFleming)]).Within(0.001).Percent, obrienFleming.Message);
            Assert.That(Seeds(pocock), Is.LessThan(Seeds(obrienFleming)));
            Assert.That(pocock.Message, Does.Contain("Pocock nominal level").And.Contain("(Pocock spending)"));
            Assert.That(obrienFleming.Message, Does.Contain("O'Brien–Fleming nominal level"));
            Assert.That(pocock.Test.Properties.Get("Design"), Is.EqualTo("sequential, 3 to 30 seeds per arm by 3, Pocock spending"));
        });
    }

    [Test]
    public void A_diverged_run_is_reported_not_silently_dropped()
    {
        var result = Result(nameof(KnownVerdictClaims.Diverged_runs_are_excluded));
        Assert.That(result.Message, Does.Contain("1 diverged"));
    }

    [Test]
    public void Properties_carry_the_numbers()
    {
        var properties = Result(nameof(KnownVerdictClaims.Supported_beats)).Test.Properties;
        Assert.Multiple(() =>
        {
            Assert.That(properties.Get("Test"), Is.EqualTo(ReproSpec.Statistics.SkewRobustPairedT.Name), "the default paired test");
            Assert.That(double.Parse((string)properties.Get("PValueFor")!, System.Globalization.CultureInfo.InvariantCulture), Is.LessThan(0.05));
            Assert.That(properties.Get("CI"), Does.StartWith("["));
            Assert.That(properties.Get("SeedsPerArm"), Is.EqualTo(8));
            Assert.That(properties.ContainsKey("Effect.hedges_g"), Is.True);
        });
    }
}
