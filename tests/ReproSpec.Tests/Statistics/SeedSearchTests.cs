using ReproSpec.Statistics;

namespace ReproSpec.Tests.Statistics;

/// <summary>The search behind the seed plans of the skew-robust paired t and the reproduction default.</summary>
public class SeedSearchTests
{
    [TestCase(1, 1000, 37, 37)]
    [TestCase(10, 1000, 37, 37)]
    [TestCase(37, 1000, 37, 37)]
    [TestCase(50, 1000, 37, 50)]
    [TestCase(10, 1000, 1000, 1000)]
    public void It_finds_the_first_count_from_which_the_condition_holds(int from, int cap, int threshold, int expected)
    {
        var asked = new List<int>();
        var found = SeedSearch.First(from, cap, n =>
        {
            asked.Add(n);
            return n >= threshold;
        });
        Assert.Multiple(() =>
        {
            Assert.That(found, Is.EqualTo(expected));
            Assert.That(asked, Has.All.InRange(from - 1, cap), "never asks outside [from − 1, cap]");
            Assert.That(asked.Count, Is.LessThanOrEqualTo(2 * (int)Math.Ceiling(Math.Log2(cap)) + 2), "doubling then bisection");
        });
    }

    [Test]
    public void It_is_null_when_the_condition_never_holds_up_to_the_cap() =>
        Assert.That(SeedSearch.First(10, 500, n => n > 500), Is.Null);
}
