using ReproSpec.Planning;

namespace ReproSpec.Tests.Planning;

public class ClaimDiscoveryTests
{
    static readonly Discovery Found = ClaimDiscovery.Discover(typeof(ClaimDiscoveryTests).Assembly);

    [Test]
    public void Finds_every_claim_a_marked_method_declares_with_its_settings()
    {
        var mine = Found.Claims.Where(c => c.Test.StartsWith(typeof(PlanningFixture).FullName + ".", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(mine.Select(c => c.Test.Split('.')[^1]), Is.EqualTo(new[] { "Clear_is_positive", "Noisy_is_positive", "Two_claims_in_one_method", "Two_claims_in_one_method" }));
            Assert.That(mine[0].Settings.MaxSeeds, Is.EqualTo(9));
            Assert.That(mine[1].Settings.MaxSeeds, Is.EqualTo(6));
            Assert.That(mine[3].Declaration.Sentence, Does.Contain("beats"));
        });
    }

    [Test]
    public void A_method_that_cannot_declare_is_a_problem_naming_the_method_and_the_fix()
    {
        var problems = Found.Problems.Where(p => p.Test.StartsWith(typeof(BrokenPlanningFixture).FullName + ".", StringComparison.Ordinal))
            .ToDictionary(p => p.Test.Split('.')[^1], p => p.Problem);
        Assert.Multiple(() =>
        {
            Assert.That(problems["Takes_a_parameter"], Does.Contain("takes no parameters"));
            Assert.That(problems["Declares_nothing"], Does.Contain("declared no claim"));
            Assert.That(problems["Throws"], Does.Contain("InvalidOperationException: dataset not downloaded"));
            Assert.That(problems["Reproduction_without_tolerance"], Does.Contain(".Within("));
            Assert.That(Found.Claims.Any(c => c.Test.Contains("BrokenPlanningFixture", StringComparison.Ordinal)), Is.False);
        });
    }

    [Test]
    public void Loading_a_missing_or_foreign_file_says_what_to_pass()
    {
        var dir = Directory.CreateTempSubdirectory("reprospec-load-").FullName;
        try
        {
            var missing = Assert.Throws<ClaimsLoadException>(() => ClaimsAssembly.Load(Path.Combine(dir, "Nope.dll")));
            var copy = Path.Combine(dir, "Copy.dll");
            File.Copy(typeof(ClaimDiscoveryTests).Assembly.Location, copy);
            var noDeps = Assert.Throws<ClaimsLoadException>(() => ClaimsAssembly.Load(copy));
            File.WriteAllText(Path.Combine(dir, "Text.dll"), "not an assembly");
            File.WriteAllText(Path.Combine(dir, "Text.deps.json"), "{}");
            var noTargets = Assert.Throws<ClaimsLoadException>(() => ClaimsAssembly.Load(Path.Combine(dir, "Text.dll")));
            File.Copy(Path.ChangeExtension(typeof(ClaimDiscoveryTests).Assembly.Location, ".deps.json"), Path.Combine(dir, "Text.deps.json"), overwrite: true);
            var text = Assert.Throws<ClaimsLoadException>(() => ClaimsAssembly.Load(Path.Combine(dir, "Text.dll")));
            Assert.Multiple(() =>
            {
                Assert.That(missing!.Message, Does.Contain("does not exist").And.Contain("dotnet build"));
                Assert.That(noDeps!.Message, Does.Contain("Copy.deps.json is missing"));
                Assert.That(noTargets!.Message, Does.Contain("Text.deps.json is not a deps file"));
                Assert.That(text!.Message, Does.Contain("not a .NET assembly"));
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
