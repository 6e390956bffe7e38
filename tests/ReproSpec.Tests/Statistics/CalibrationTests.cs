using ReproSpec.Decisions;
using ReproSpec.Simulation;
using ReproSpec.Statistics;
using static ReproSpec.Tests.Statistics.MonteCarloBar;

namespace ReproSpec.Tests.Statistics;

/// <summary>
/// Seeded simulations: every test keeps its type-I error at α (within 3 Monte-Carlo standard errors) at the boundary
/// of its null, and the sequential design keeps both of its error rates while saving seeds. The same cases with more
/// replications produce docs/calibration.md (bench/ReproSpec.Calibration).
/// </summary>
public class CalibrationTests
{
    const double Alpha = 0.05;
    const int Replications = 2000;

    // The standard error at the nominal rate, not the observed one: an observed 0 must not shrink the allowance to 0.

    static IEnumerable<TestCaseData> FixedNCases() =>
        Calibration.FixedNCases(Alpha).Select((c, i) => new TestCaseData(i).SetArgDisplayNames($"{c.Test}, {c.Setting}"));

    [TestCaseSource(nameof(FixedNCases))]
    public void Fixed_n_test_keeps_its_type_one_error_at_alpha(int index)
    {
        var calibrationCase = Calibration.FixedNCases(Alpha)[index];
        var result = Calibration.Run(calibrationCase, Alpha, Replications, seed: 1000 + (ulong)index);
        // Slow tests (the permutation test) run Replications / ReplicationDivisor experiments.
        var replications = result.TypeOneError.Replications;
        TestContext.Out.WriteLine(
            $"{calibrationCase.Test} ({calibrationCase.Setting}): type-I {result.TypeOneError.Power:P2} ± {result.TypeOneError.StandardError:P2}, " +
            $"power {result.Power.Power:P1} at {calibrationCase.AlternativeDescription}");
        Assert.Multiple(() =>
        {
            Assert.That(result.TypeOneError.Power, Is.LessThanOrEqualTo(Allowance(replications)));
            // The stated alternatives are chosen to be detectable; a test that never rejects would pass the first check.
            Assert.That(result.Power.Power, Is.GreaterThan(0.5));
        });
    }

    [Test]
    public void The_calibration_report_covers_every_case_and_passed_its_own_check()
    {
        // docs/calibration.md is generated (bench/ReproSpec.Calibration); a case added or renamed without
        // regenerating it, or a report with a failing row, fails here.
        var report = File.ReadAllText(ReferenceB.RepositoryFile("docs", "calibration.md"));
        Assert.Multiple(() =>
        {
            foreach (var c in Calibration.FixedNCases(Alpha))
                Assert.That(report, Does.Contain($"| {c.Test} | {c.Setting} |"), "regenerate docs/calibration.md");
            foreach (var c in ClaimCalibration.Cases())
                Assert.That(report, Does.Contain($"| {c.Shape} | {c.Setting} | {c.Design} |"), "regenerate docs/calibration.md");
            // Every row of the guaranteed designs (the data their assumptions cover, the skewed discrete nulls included)
            // keeps both errors within the bar.
            const string DataKinds = "## Data ML produces";
            var split = report.IndexOf(DataKinds, StringComparison.Ordinal);
            Assert.That(split, Is.GreaterThan(0), "docs/calibration.md lacks its data-kind section: regenerate it");
            var guaranteed = report[..Math.Max(0, split)];
            var failing = guaranteed.Split('\n').Where(line => line.Contains("**no**", StringComparison.Ordinal)).ToList();
            Assert.That(failing, Is.Empty, "rows of docs/calibration.md above α + 3 MC-SE");
            // The data that break those assumptions (skewed, over-dispersed, collapsing: issue #25, open) are measured, not
            // guaranteed: each default that errs there must be named in the section's summary a user reads.
            var kinds = report[Math.Max(0, split)..];
            var erring = kinds.Split('\n').Where(line => line.Contains("| default |", StringComparison.Ordinal) && line.Contains("**no**", StringComparison.Ordinal))
                .Select(line => line.Split('|', StringSplitOptions.TrimEntries)).Select(cells => $"{cells[1]} ({cells[3]})").ToList();
            var summary = kinds.Split('\n').FirstOrDefault(line => line.StartsWith("**Defaults outside", StringComparison.Ordinal)) ?? "";
            foreach (var row in erring) Assert.That(summary, Does.Contain(row), "a default that errs must be named in the summary");
            foreach (var kind in new[] { "skewness", "binomial", "collapse", "unequal n" })
                Assert.That(kinds, Does.Contain(kind), $"the data-kind section lacks its {kind} rows");
        });
    }

    [Test]
    public void Every_claim_calibration_case_is_a_valid_declaration_the_decider_decides()
    {
        // The calibration bench decides every case R/2 times; a case the decider refuses (an unsupportable design) would
        // stop it, as a DivergesAtMost(0.2) case at 10 seeds did once unsupportable designs became declaration errors.
        Assert.Multiple(() =>
        {
            foreach (var c in ClaimCalibration.Cases())
                Assert.That(ClaimDecider.Problems(c.Claim, c.Settings), Is.Empty, $"{c.Shape}, {c.Setting}, {c.Design}");
        });
    }

    [Test]
    public void The_check_has_teeth_an_anticonservative_test_fails_it()
    {
        // Welch's p-value halved: a nominal 5 % test that is really a 10 % test. The calibration must catch it.
        var welch = Calibration.FixedNCases(Alpha)[0];
        var halved = welch with { Test = "Welch t, p halved", PValue = (a, b) => welch.PValue(a, b) / 2 };
        var result = Calibration.Run(halved, Alpha, Replications, seed: 1000);
        Assert.That(result.TypeOneError.Power, Is.GreaterThan(Allowance(Replications)));
    }

    [TestCase(SpendingFunction.OBrienFleming)]
    [TestCase(SpendingFunction.Pocock)]
    public void Sequential_design_keeps_both_error_rates_at_alpha_on_the_margin(SpendingFunction spending)
    {
        // True difference exactly δ: Supported and Refuted are both errors there, and both are at their largest.
        var design = SequentialDesign.Create(3, 20, 3, Alpha, spending);
        var result = Calibration.RunSequential(design, margin: 0.5, trueDifference: 0.5, replications: 4000, seed: 31);
        TestContext.Out.WriteLine($"{spending}: Supported {result.Supported.Power:P2}, Refuted {result.Refuted.Power:P2}, " +
                                  $"mean seeds {result.MeanSeedsPerArm:F2}/{design.MaxSeeds}");
        Assert.Multiple(() =>
        {
            Assert.That(result.Supported.Power, Is.LessThanOrEqualTo(Allowance(4000)));
            Assert.That(result.Refuted.Power, Is.LessThanOrEqualTo(Allowance(4000)));
        });
    }

    [Test]
    public void Sequential_design_uses_at_most_60_percent_of_the_fixed_n_seeds_under_a_clear_effect()
    {
        // μA − μB − δ = 1.5 sd: the fixed-n test with 20 seeds per arm has power ≈ 1.
        var design = SequentialDesign.Create(3, 20, 3, Alpha);
        var result = Calibration.RunSequential(design, margin: 0, trueDifference: 1.5, replications: 4000, seed: 32);
        TestContext.Out.WriteLine($"mean seeds {result.MeanSeedsPerArm:F2} ± {result.MeanSeedsStandardError:F2} of {design.MaxSeeds} " +
                                  $"({result.SeedShare:P1}); power {result.Supported.Power:P2} vs fixed-n {result.FixedSupported.Power:P2}");
        Assert.Multiple(() =>
        {
            Assert.That(result.SeedShare, Is.LessThanOrEqualTo(0.6));
            Assert.That(result.Supported.Power, Is.GreaterThanOrEqualTo(result.FixedSupported.Power - 0.01));
        });
    }

    [Test]
    public void A_single_look_design_decides_exactly_like_the_fixed_n_test()
    {
        var design = SequentialDesign.Create(10, 10, 1, Alpha);
        var result = Calibration.RunSequential(design, margin: 0.2, trueDifference: 0.6, replications: 1000, seed: 33);
        Assert.Multiple(() =>
        {
            Assert.That(result.Supported, Is.EqualTo(result.FixedSupported));
            Assert.That(result.Refuted, Is.EqualTo(result.FixedRefuted));
            Assert.That(result.MeanSeedsPerArm, Is.EqualTo(10));
        });
    }
}
