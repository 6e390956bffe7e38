using ReproSpec.Torch.Data;

namespace ReproSpec.Torch.Tests.Data;

public class SeededShuffleTests
{
    [Test]
    public void The_generator_is_SplitMix64_as_published()
    {
        // Reference outputs for seed 1234567 (Rosetta Code, "Pseudo-random numbers/Splitmix64").
        var shuffle = new SeededShuffle(1234567);

        var outputs = Enumerable.Range(0, 5).Select(_ => shuffle.NextUInt64()).ToArray();

        Assert.That(outputs, Is.EqualTo(new ulong[]
        {
            6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821,
        }));
    }

    [Test]
    public void Bounded_draws_stay_in_range_and_are_roughly_uniform()
    {
        var shuffle = new SeededShuffle(7);
        var counts = new int[6];

        for (var i = 0; i < 60_000; i++) counts[shuffle.NextInt(6)]++;

        // Each count is Binomial(60000, 1/6): sd ≈ 91, so ±600 is more than 6 sd.
        Assert.That(counts, Has.All.InRange(9_400, 10_600));
    }

    [Test]
    public void A_permutation_holds_every_index_once()
    {
        var permutation = new SeededShuffle(3).Permutation(1000);

        Assert.That(permutation.Order(), Is.EqualTo(Enumerable.Range(0, 1000)));
    }

    [Test]
    public void The_same_seed_gives_the_same_order_and_another_seed_another()
    {
        var first = new SeededShuffle(11).Permutation(100);

        var again = new SeededShuffle(11).Permutation(100);
        var other = new SeededShuffle(12).Permutation(100);

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo(first));
            Assert.That(other, Is.Not.EqualTo(first));
        });
    }

    [Test]
    public void The_order_for_a_seed_is_pinned()
    {
        // Every split and data order depends on this sequence: a change here changes every recorded run.
        // Expected values from an independent Python transcription of SplitMix64 + Lemire bounds + Fisher–Yates
        // (Data/reference/seeded_shuffle.py), not from this implementation.
        Assert.That(new SeededShuffle(42).Permutation(10), Is.EqualTo(PinnedPermutationOf42));
    }

    static readonly int[] PinnedPermutationOf42 = [8, 3, 6, 5, 4, 0, 9, 2, 1, 7];

    [Test]
    public void Bounds_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeededShuffle(1).NextInt(0));
    }
}
