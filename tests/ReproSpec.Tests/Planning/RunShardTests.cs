using System.Security.Cryptography;
using System.Text;
using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Execution;
using ReproSpec.Planning;
using ReproSpec.Store;

namespace ReproSpec.Tests.Planning;

public class RunShardTests
{
    static readonly string[] Keys = Enumerable.Range(0, 400)
        .Select(i => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"run {i}")))).ToArray();

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(7)]
    public void Every_key_falls_in_exactly_one_share_and_shares_are_even(int count)
    {
        var shards = Enumerable.Range(0, count).Select(i => new RunShard(i, count)).ToList();
        var owners = Keys.Select(k => shards.Count(s => s.Contains(k))).ToList();
        var sizes = shards.Select(s => Keys.Count(s.Contains)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(owners, Is.All.EqualTo(1));
            Assert.That(sizes.Min(), Is.GreaterThan(Keys.Length / count * 0.7), string.Join(",", sizes));
        });
    }

    [Test]
    public void A_share_depends_on_the_key_only_so_shards_planning_at_different_times_agree()
    {
        var store = Directory.CreateTempSubdirectory("reprospec-shard-").FullName;
        try
        {
            var claim = new DiscoveredClaim("T", new ThresholdClaim(new Arm("clear", PlanningFixture.Clear), Metric.Named("score"), 0, AtLeast: true),
                new ClaimSettings { MinSeeds = 12, MaxSeeds = 12 });
            var runs = new RunStore(store);
            var before = RunPlanner.NextLookAsync([claim], runs).GetAwaiter().GetResult();
            // Shard 1 of 3 finishes first; shard 0 plans afterwards and must still get exactly its own runs.
            var shard0 = new RunShard(0, 3);
            foreach (var run in before.In(new RunShard(1, 3))) runs.Put(RunOnce.Execute(run.Request, 1, "", CancellationToken.None));
            var after = RunPlanner.NextLookAsync([claim], runs).GetAwaiter().GetResult();
            var union = Enumerable.Range(0, 3).SelectMany(i => before.In(new RunShard(i, 3))).Select(r => r.Key).Order();
            Assert.Multiple(() =>
            {
                Assert.That(after.In(shard0).Select(r => r.Key), Is.EqualTo(before.In(shard0).Select(r => r.Key)));
                Assert.That(union, Is.EqualTo(before.Missing.Select(r => r.Key).Order()));
                Assert.That(after.Missing, Has.Count.EqualTo(12 - before.In(new RunShard(1, 3)).Count));
            });
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }

    [TestCase("0/1", 0, 1)]
    [TestCase("3/4", 3, 4)]
    public void Parses_slurm_style_shards(string text, int index, int count)
    {
        var shard = RunShard.TryParse(text, out var problem);
        Assert.That((shard?.Index, shard?.Count, problem), Is.EqualTo(((int?)index, (int?)count, (string?)null)));
    }

    [TestCase("4/4", "between 0 and N-1")]
    [TestCase("0/0", "at least 1")]
    [TestCase("-1/2", "write i/N")]
    [TestCase("1", "write i/N")]
    [TestCase("a/b", "write i/N")]
    public void A_malformed_shard_says_how_to_write_one(string text, string hint)
    {
        Assert.Multiple(() =>
        {
            Assert.That(RunShard.TryParse(text, out var problem), Is.Null);
            Assert.That(problem, Does.Contain(hint));
        });
    }
}
