using ReproSpec.Statistics;

namespace ReproSpec.Tests.Statistics;

public class SequentialDesignTests
{
    [Test]
    public void Boundaries_match_an_independent_multivariate_normal_computation()
    {
        // The reference solves each look with Genz's multivariate normal CDF (scipy), not by recursive integration.
        // For 5 equal looks at one-sided 0.025 (O'Brien–Fleming type) it gives 4.877, 3.357, 2.680, 2.290, 2.031,
        // the values published for this design in the group-sequential literature. Agreement is within 2e-5 except at
        // the last look of the 7-look Pocock design (6.6e-5); refining our grid fourfold moves our value by < 1e-8
        // there, so the residual is the 7-dimensional Genz integration's error.
        Assert.Multiple(() =>
        {
            foreach (var c in ReferenceB.Section("group_sequential").EnumerateArray())
            {
                var fractions = c.GetProperty("fractions").Doubles();
                var alpha = c.GetProperty("alpha").GetDouble();
                var spending = Enum.Parse<SpendingFunction>(c.GetProperty("spending").GetString()!);
                var cumulative = fractions.Select(t => SequentialDesign.Spent(spending, alpha, t)).ToArray();
                cumulative[^1] = alpha;
                var z = GroupSequentialBoundaries.OneSided(fractions, cumulative);
                Assert.That(z, Is.EqualTo(c.GetProperty("z").Doubles()).Within(1e-4), $"{c.GetProperty("name").GetString()} {spending}");
            }
        });
    }

    [Test]
    public void Looks_run_from_min_in_batches_and_always_end_at_max()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SequentialDesign.Create(3, 20, 3, 0.05).Looks, Is.EqualTo(new[] { 3, 6, 9, 12, 15, 18, 20 }));
            Assert.That(SequentialDesign.Create(5, 15, 5, 0.05).Looks, Is.EqualTo(new[] { 5, 10, 15 }));
            Assert.That(SequentialDesign.Create(4, 4, 2, 0.05).Looks, Is.EqualTo(new[] { 4 }));
        });
    }

    [Test]
    public void One_look_is_exactly_the_fixed_n_rule()
    {
        var design = SequentialDesign.Create(10, 10, 5, 0.05);
        Assert.That(design.NominalAlphas, Is.EqualTo(new[] { 0.05 }));
        Assert.Multiple(() =>
        {
            foreach (var p in new[] { 0.0, 1e-9, 0.01, 0.0499999, 0.05, 0.0500001, 0.3, 0.5, 0.95, 0.9500001, 0.99, 1.0 })
            {
                var step = design.Decide(10, p, 1 - p);
                var expected = p < 0.05 ? SequentialOutcome.Supported : 1 - p < 0.05 ? SequentialOutcome.Refuted : SequentialOutcome.Inconclusive;
                Assert.That(step.Outcome, Is.EqualTo(expected), $"pSupport = {p}");
                Assert.That(step.NominalAlpha, Is.EqualTo(0.05));
            }
        });
    }

    [Test]
    public void Early_looks_demand_more_evidence_and_the_last_look_decides()
    {
        var design = SequentialDesign.Create(3, 20, 3, 0.05);
        var nominal = design.NominalAlphas;
        Assert.Multiple(() =>
        {
            Assert.That(nominal, Is.Ordered.Ascending);
            Assert.That(nominal[^1], Is.LessThan(0.05).And.GreaterThan(0.03));
            Assert.That(design.Decide(3, 0.001, 0.999).Outcome, Is.EqualTo(SequentialOutcome.Continue));
            Assert.That(design.Decide(3, 1e-9, 1 - 1e-9).Outcome, Is.EqualTo(SequentialOutcome.Supported));
            Assert.That(design.Decide(12, 0.999, 1e-6).Outcome, Is.EqualTo(SequentialOutcome.Refuted));
            Assert.That(design.Decide(20, 0.2, 0.8).Outcome, Is.EqualTo(SequentialOutcome.Inconclusive));
            Assert.That(design.Decide(20, 0.2, 0.8).Look, Is.EqualTo(6));
            Assert.That(design.Decide(20, nominal[^1] * 0.99, 0.97).Outcome, Is.EqualTo(SequentialOutcome.Supported));
        });
    }

    [Test]
    public void Pocock_spends_earlier_than_OBrien_Fleming()
    {
        var obf = SequentialDesign.Create(4, 20, 4, 0.05);
        var pocock = SequentialDesign.Create(4, 20, 4, 0.05, SpendingFunction.Pocock);
        Assert.Multiple(() =>
        {
            Assert.That(pocock.NominalAlphas[0], Is.GreaterThan(100 * obf.NominalAlphas[0]));
            Assert.That(pocock.NominalAlphas[^1], Is.LessThan(obf.NominalAlphas[^1]));
            Assert.That(SequentialDesign.Spent(SpendingFunction.Pocock, 0.05, 1), Is.EqualTo(0.05).Within(1e-15));
            Assert.That(SequentialDesign.Spent(SpendingFunction.OBrienFleming, 0.05, 1), Is.EqualTo(0.05).Within(1e-15));
        });
    }

    [Test]
    public void Bad_inputs_name_the_problem()
    {
        var design = SequentialDesign.Create(3, 12, 3, 0.05);
        Assert.Multiple(() =>
        {
            Assert.That(() => design.Decide(7, 0.5, 0.5), Throws.ArgumentException.With.Message.Contains("3, 6, 9, 12"));
            Assert.That(() => design.Decide(6, double.NaN, 0.5), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("pSupport"));
            Assert.That(() => design.Decide(6, 0.5, 1.5), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("pRefute"));
            Assert.That(() => design.Decide(12, 0.001, 0.001), Throws.ArgumentException.With.Message.Contains("opposite nulls"));
            Assert.That(() => SequentialDesign.Create(1, 10, 2, 0.05), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("minSeeds"));
            Assert.That(() => SequentialDesign.Create(5, 4, 2, 0.05), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("maxSeeds"));
            Assert.That(() => SequentialDesign.Create(2, 10, 0, 0.05), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("batch"));
            Assert.That(() => SequentialDesign.Create(2, 10, 2, 0.5), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("alpha"));
            Assert.That(() => SequentialDesign.Create(2, 1000, 1, 0.05), Throws.ArgumentException.With.Message.Contains("larger batch"));
        });
    }
}
