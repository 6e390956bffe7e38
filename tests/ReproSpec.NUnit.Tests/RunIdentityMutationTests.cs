using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ReproSpec.NUnit.Tests;

/// <summary>
/// The run key through the path a user takes: tests/ReproSpec.Identity.Fixture and .Helpers are copied outside
/// any git repository, `dotnet test` runs once cold (every run trained), and then each test edits one file of
/// the copy and runs `dotnet test` again. It asserts exactly which experiments were trained again, from the
/// records that appeared in the store, and the run's own count of trained and stored runs. The tests run in
/// order on one copy: each compares the store with the state the previous one left. Edits that touch different
/// experiments share one rebuild (each experiment reaches its own helper types), so ~36 mutations cost 5 rebuilds.
/// </summary>
[NonParallelizable]
public partial class RunIdentityMutationTests
{
    const int Seeds = 3;
    const int Experiments = 26;

    string work = "";
    string fixture = "";
    string helpers = "";
    string plugins = "";
    readonly Dictionary<string, string> settings = new() { ["REPROSPEC_SNAPSHOTS"] = "0" };
    HashSet<string> known = [];
    string warm = "";

    string Store => Path.Combine(fixture, ".reprospec", "store");

    [OneTimeSetUp]
    public void CopyTheFixtureAndTrainEverythingOnce()
    {
        var repository = ChildDotnet.RepositoryRoot();
        work = Directory.CreateTempSubdirectory("reprospec-identity-").FullName;
        Assert.That(FindUp(work, ".git"), Is.Null, $"{work} must lie outside any git repository");
        fixture = Copy(Path.Combine(repository, "tests", "ReproSpec.Identity.Fixture"));
        helpers = Copy(Path.Combine(repository, "tests", "ReproSpec.Identity.Helpers"));
        plugins = Copy(Path.Combine(repository, "tests", "ReproSpec.Identity.Plugins"));
        var package = Copy(Path.Combine(repository, "tests", "ReproSpec.Identity.Package"));
        // The copy builds against the repository's sources and build settings, with its output outside the project
        // directory: the store must still land beside the project (the build props' ReproSpec.ProjectDirectory), not under bin/.
        File.WriteAllText(Path.Combine(work, "Directory.Build.props"), $"""
            <Project>
              <Import Project="{repository}/Directory.Build.props" />
              <PropertyGroup>
                <ReproSpecSource>{repository}/src</ReproSpecSource>
                <RestorePackagesWithLockFile>false</RestorePackagesWithLockFile>
                <RestoreLockedMode>false</RestoreLockedMode>
                <BaseOutputPath>{work}/out/$(MSBuildProjectName)/</BaseOutputPath>
                <RestoreAdditionalProjectSources>{work}/feed</RestoreAdditionalProjectSources>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(work, "Directory.Packages.props"), $"""<Project><Import Project="{repository}/Directory.Packages.props" /></Project>""");

        var pack = Dotnet(["pack", package, "-nologo", "-o", Path.Combine(work, "feed")]);
        Assert.That(pack.Code, Is.Zero, pack.Output);
        Repack(Path.Combine(work, "feed", "ReproSpec.Identity.Package.1.0.0.nupkg"), "1.0.1");

        var cold = Test(restore: true);
        var trained = Trained();
        Assert.Multiple(() =>
        {
            Assert.That(cold.Output, Does.Contain($"[reprospec] store {Store};"), "outside git the store lies beside the claims project:\n" + cold.Output);
            Assert.That(Directory.Exists(Path.Combine(work, "out")) && !Directory.EnumerateDirectories(Path.Combine(work, "out"), ".reprospec", SearchOption.AllDirectories).Any(),
                "nothing is stored under the build output");
            Assert.That(trained.Count, Is.EqualTo(Seeds * Experiments), cold.Output);
            Assert.That(Counts(cold.Output), Is.EqualTo((Seeds * Experiments, 0)), cold.Output);
        });
    }

    [OneTimeTearDown]
    public void Clean()
    {
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
    }

    [Test]
    public void Edits_that_cannot_change_a_result_train_nothing_and_what_the_key_cannot_see_is_said_once()
    {
        Edit(fixture, "Helpers.cs", "    public static double Shift(int seed)", "    /// <summary>A comment-only change.</summary>\n    public static double Shift(int seed)");
        Edit(helpers, "Scaling.cs", "value * 1.0;", "value * 1.0; // a comment-only change");
        Edit(fixture, "Experiments.cs", "    public override RunMetrics Run(RunContext context) => RunMetrics.Of((\"score\", 1.0 + LocalMath.Shift",
            "    // a comment-only change\n    public override RunMetrics Run(RunContext context) => RunMetrics.Of((\"score\", 1.0 + LocalMath.Shift");
        Edit(fixture, "IdentityClaims.cs", "    [Claim(Seeds = 3, Snapshot = false)]\n    public void Local_helper()",
            "    [Claim(Seeds = 3, Snapshot = false)]\n    public void An_added_claim() => Claim.That(new UsesLocalHelper()).On(\"score\").IsAtLeast(Enumerable.Range(0, 2).Select(i => 0.3 * i).Sum());\n\n" +
            "    [Claim(Seeds = 3, Snapshot = false)]\n    public void Local_helper()");
        Edit(fixture, "IdentityClaims.cs", "Claim.That(new UsesModel()).On(\"score\").IsAtLeast(0.5)", "Claim.That(new UsesModel()).On(\"score\").IsAtLeast(0.4)");
        // A method added to a type no experiment reaches, and an edit of one: a reached type brings all its methods, an unreached one none.
        Edit(fixture, "Patterns.cs", "    public static double Value() => 0.5;", "    public static double Other(int n) => Enumerable.Range(0, n).Select(i => i * 2.0).Sum();\n\n    public static double Value() => 0.75;");
        // Formatting, and a local variable renamed (IL names locals by type; their names live in the PDB).
        Edit(fixture, "Patterns.cs", "    public override RunMetrics Run(RunContext context) => RunMetrics.Of((\"score\", new Meter(context.Seed).Reading));",
            "    public override RunMetrics Run(RunContext context) =>\n        RunMetrics.Of(\n            (\"score\", new Meter(context.Seed).Reading));");
        Edit(fixture, "Patterns.cs", "        var values = File.ReadAllLines", "        var rows = File.ReadAllLines");
        Edit(fixture, "Patterns.cs", "return RunMetrics.Of((\"score\", values[context.Seed % values.Length]));", "return RunMetrics.Of((\"score\", rows[context.Seed % rows.Length]));");
        // A new type nobody uses, and an attribute on a claim method (claims are not run code).
        Edit(fixture, "Patterns.cs", "/// <summary>No experiment reaches this type", "public sealed class AddedAndUnused\n{\n    public double Value => 2.0;\n}\n\n/// <summary>No experiment reaches this type");
        Edit(fixture, "IdentityClaims.cs", "    public void Constant()", "    [System.ComponentModel.Description(\"an attribute on a claim\")]\n    public void Constant()");
        var run = Test();
        warm = run.Output;
        var widened = "run key: ReproSpec.Identity.Plugins.ByName.Create loads or runs code by name (Type.GetType(String, Boolean)): the whole assembly ReproSpec.Identity.Plugins is in the key of UsesReflection";
        var computed = "run key: ReproSpec.Identity.Fixture.UsesComputedEnvironment.Run (Environment.GetEnvironmentVariable(String)) reads an environment variable whose name is computed: its value is not in the key of UsesComputedEnvironment";
        Assert.Multiple(() =>
        {
            Assert.That(Trained(), Is.Empty, run.Output);
            // The added claim asks for the runs Local_helper asks for: the suite counts each run once.
            Assert.That(Counts(run.Output), Is.EqualTo((0, Seeds * Experiments)), run.Output);
            Assert.That(Occurrences(run.Output, widened), Is.EqualTo(1), "reflection by name is said once, naming the member and the assembly:\n" + run.Output);
            Assert.That(Occurrences(run.Output, computed), Is.EqualTo(1), "a computed environment variable name is said once:\n" + run.Output);
            Assert.That(run.Output, Does.Not.Contain("key of UsesLocalHelper"), "an experiment the analysis sees whole is not reported");
        });
    }

    [Test, DependsOnTest(nameof(Edits_that_cannot_change_a_result_train_nothing_and_what_the_key_cannot_see_is_said_once), AllowFailure = true)]
    public void A_failure_read_from_the_store_says_so_and_how_to_train_it_again()
    {
        // The run before trained nothing: the failing claims' runs in it all came from the store.
        Assume.That(warm, Is.Not.Empty, "needs the output of the run before");
        var records = Directory.GetFiles(Path.Combine(Store, "runs"), "*.json", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("\"experiment\": \"UsesGuard\"", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(warm, Does.Contain("arm UsesGuard threw on every seed (3 runs)"), warm);
            Assert.That(warm, Does.Contain("3 of these failures were read from the store, not trained in this run"), warm);
            Assert.That(warm, Does.Contain("Set REPROSPEC_RETRAIN=1 to train them again"), warm);
            Assert.That(records, Has.Count.EqualTo(Seeds));
            Assert.That(warm, Does.Contain("Or delete their records: rm "), warm);
            foreach (var record in records) Assert.That(warm, Does.Contain(record), "the hint names every stored failure's file");
            Assert.That(warm, Does.Match(@"UsesPartlyFailing: score [0-9.]+ ± [0-9.]+ \(n = \d\), 1 failed \(1 of them read from the store: REPROSPEC_RETRAIN=1 trains them again\)"), warm);
        });
    }

    /// <summary>One edit per experiment, all in one rebuild: each experiment's runs are trained again, and no other's.</summary>
    [Test, DependsOnTest(nameof(A_failure_read_from_the_store_says_so_and_how_to_train_it_again), AllowFailure = true)]
    public void Each_edit_that_can_change_a_result_retrains_exactly_its_experiment() =>
        RetrainsExactly(
            ("a helper in the same assembly (with a lambda)", ["UsesLocalHelper"], () => Edit(fixture, "Helpers.cs", "Select(i => i * 0.01)", "Select(i => i * 0.02)")),
            ("a helper in another project", ["UsesOtherProject"], () => Edit(helpers, "Scaling.cs", "value * 1.0;", "value * 2.0;")),
            ("a model class reached through a virtual call", ["UsesModel"], () => Edit(helpers, "Models.cs", "slope * input + 1.0", "slope * input + 1.5")),
            ("a data loader (iterator)", ["UsesDataLoader"], () => Edit(fixture, "Helpers.cs", "yield return 0.01;", "yield return 0.02;")),
            ("the evaluation (async method with a local function)", ["UsesEvaluation"], () => Edit(fixture, "Helpers.cs", "values.Sum() / values.Length", "values.Max()")),
            ("a static abstract implementation behind a constrained generic", ["UsesStaticAbstract"], () => Edit(fixture, "Patterns.cs", "public static double Apply(double x) => x + 0.01;", "public static double Apply(double x) => x + 0.02;")),
            ("a field initialiser of a type built by new T()", ["UsesNewT"], () => Edit(fixture, "Patterns.cs", "readonly double gain = 0.01;", "readonly double gain = 0.02;")),
            ("a property initialiser of a type built by Activator.CreateInstance(typeof(…))", ["UsesTypeof"], () => Edit(fixture, "Patterns.cs", "public double Offset { get; } = 0.01;", "public double Offset { get; } = 0.02;")),
            ("an attribute argument read at run time", ["UsesAttribute"], () => Edit(fixture, "Patterns.cs", "[Gain(0.01)]", "[Gain(0.02)]")),
            ("a plug-in loaded by its name", ["UsesReflection"], () => Edit(plugins, "Plugins.cs", "public double Value(int seed) => 1.0 + seed * 0.01;", "public double Value(int seed) => 1.0 + seed * 0.02;")),
            ("a static field initialiser", ["UsesStaticInitializer"], () => Edit(fixture, "Patterns.cs", "public static readonly double Step = 0.01;", "public static readonly double Step = 0.02;")),
            ("a lambda passed to a helper", ["UsesDelegate"], () => Edit(fixture, "Patterns.cs", "Mapping.Apply(x => 1.0 + x * 0.01", "Mapping.Apply(x => 1.0 + x * 0.02")),
            ("a constant copied into the experiment", ["UsesConst"], () => Edit(fixture, "Patterns.cs", "public const double Offset = 0.01;", "public const double Offset = 0.02;")),
            ("a property getter of a helper", ["UsesGetter"], () => Edit(fixture, "Patterns.cs", "public double Reading => 1.0 + seed * 0.01;", "public double Reading => 1.0 + seed * 0.02;")),
            ("an exception handler", ["UsesCatch"], () => Edit(fixture, "Patterns.cs", "            return 1.01;", "            return 1.02;")),
            ("a type reached as a generic class's argument", ["UsesGenericArgument"], () => Edit(fixture, "Patterns.cs", "public double Weight() => 0.01;", "public double Weight() => 0.02;")),
            ("a struct called through its interface", ["UsesStructInterface"], () => Edit(fixture, "Patterns.cs", "public readonly double Next(double x) => x * 0.01;", "public readonly double Next(double x) => x * 0.02;")),
            ("a parameter the claim sets", ["UsesParameter"], () => Edit(fixture, "IdentityClaims.cs", "new UsesParameter(0.01)", "new UsesParameter(0.02)")),
            ("one value of a data file", ["UsesDataFile"], () => Edit(fixture, "scores.csv", "1.02", "1.05")));

    /// <summary>
    /// A package version, the fix of a helper behind stored failures, and a delegate a module initialiser registers
    /// (in the plug-in assembly, whole in UsesReflection's key).
    /// </summary>
    [Test, DependsOnTest(nameof(Each_edit_that_can_change_a_result_retrains_exactly_its_experiment), AllowFailure = true)]
    public void A_package_version_a_fixed_helper_and_a_module_initialiser_retrain_exactly_their_experiments()
    {
        var run = RetrainsExactly(restore: true, mutations: [
            ("a package version", ["UsesPackage"], () => Edit(fixture, "ReproSpec.Identity.Fixture.csproj", "VersionOverride=\"[1.0.0]\"", "VersionOverride=\"[1.0.1]\"")),
            ("the helper behind stored failures, fixed", ["UsesGuard"], () => Edit(helpers, "Models.cs",
                "=> throw new InvalidOperationException($\"bug in Guard.Check (seed {seed})\");", "=> 1.0 + seed * 0.01;")),
            ("a delegate a [ModuleInitializer] registers", ["UsesModuleInitializer", "UsesReflection"], () => Edit(plugins, "Plugins.cs", "Registry.Scale = x => x * 0.01;", "Registry.Scale = x => x * 0.02;")),
        ]);
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.Zero, "every claim passes once the helper is fixed:\n" + run.Output);
            Assert.That(run.Output, Does.Contain("Helper_that_throws: SUPPORTED"), run.Output);
        });
    }

    /// <summary>
    /// A constant-named environment variable the experiment reads and the thread count per run are inputs of exactly
    /// the experiments that read them; a variable read by a computed name cannot be keyed and is reported instead.
    /// </summary>
    [Test, DependsOnTest(nameof(A_package_version_a_fixed_helper_and_a_module_initialiser_retrain_exactly_their_experiments), AllowFailure = true)]
    public void Environment_variables_and_threads_per_run_retrain_exactly_the_experiments_that_read_them()
    {
        settings["IDENTITY_FIXTURE_GAIN"] = "0.02";
        settings["IDENTITY_FIXTURE_OFFSET"] = "0.02";
        // Default: one run per core, one thread each; one worker gets every core.
        var threadsChange = Environment.ProcessorCount > 1;
        settings["REPROSPEC_WORKERS"] = "1";
        var run = Test(build: false);
        var trained = Trained();
        string[] expected = threadsChange ? ["UsesEnvironment", "UsesThreads"] : ["UsesEnvironment"];
        Assert.Multiple(() =>
        {
            Assert.That(trained, Is.EqualTo(expected.SelectMany(e => Enumerable.Repeat(e, Seeds)).Order(StringComparer.Ordinal)), "experiments trained again:\n" + run.Output);
            Assert.That(run.Output, Does.Contain("reads an environment variable whose name is computed: its value is not in the key of UsesComputedEnvironment"), run.Output);
        });
    }

    /// <summary>Applies every edit, runs `dotnet test` once, and asserts that exactly the named experiments' runs were trained again.</summary>
    (int Code, string Output) RetrainsExactly(params (string Edit, string[] Experiments, Action Apply)[] mutations) => RetrainsExactly(false, mutations);

    (int Code, string Output) RetrainsExactly(bool restore, (string Edit, string[] Experiments, Action Apply)[] mutations)
    {
        foreach (var mutation in mutations) mutation.Apply();
        var run = Test(restore);
        var trained = Trained();
        var expected = mutations.SelectMany(m => m.Experiments).Distinct().ToList();
        Assert.Multiple(() =>
        {
            foreach (var (edit, experiments, _) in mutations)
                foreach (var experiment in experiments)
                    Assert.That(trained.Count(t => t == experiment), Is.EqualTo(Seeds), $"{edit}: {experiment}'s runs trained again");
            Assert.That(trained.Except(expected), Is.Empty, "no other experiment trained again:\n" + run.Output);
            Assert.That(Counts(run.Output), Is.EqualTo((Seeds * expected.Count, Seeds * (Experiments - expected.Count))), run.Output);
        });
        return run;
    }

    static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>The experiments of the records that appeared in the store since the last call, sorted.</summary>
    List<string> Trained()
    {
        var now = Directory.Exists(Path.Combine(Store, "runs"))
            ? Directory.GetFiles(Path.Combine(Store, "runs"), "*.json", SearchOption.AllDirectories).ToHashSet()
            : [];
        var added = now.Except(known)
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("experiment").GetString() ?? "?")
            .Order(StringComparer.Ordinal).ToList();
        known = now;
        return added;
    }

    /// <summary>The suite line's "runs: N trained, M from the store".</summary>
    static (int Trained, int Stored) Counts(string output) =>
        SuiteRuns().Match(output) is { Success: true } m ? (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value)) : (-1, -1);

    [GeneratedRegex(@"\[reprospec\] claims: .*runs: (\d+) trained, (\d+) from the store")]
    private static partial Regex SuiteRuns();

    /// <summary>The same package under another version: only the version differs, so only the key's package line can tell.</summary>
    static void Repack(string nupkg, string version)
    {
        var target = Path.Combine(Path.GetDirectoryName(nupkg)!, $"ReproSpec.Identity.Package.{version}.nupkg");
        File.Copy(nupkg, target);
        using var zip = ZipFile.Open(target, ZipArchiveMode.Update);
        var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        string text;
        using (var reader = new StreamReader(nuspec.Open())) text = reader.ReadToEnd();
        var name = nuspec.FullName;
        nuspec.Delete();
        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
        writer.Write(text.Replace("<version>1.0.0</version>", $"<version>{version}</version>", StringComparison.Ordinal));
    }

    static void Edit(string project, string file, string from, string to)
    {
        var path = Path.Combine(project, file);
        var text = File.ReadAllText(path);
        Assert.That(text, Does.Contain(from), $"the mutation's anchor is missing from {file}");
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    string Copy(string source)
    {
        var target = Path.Combine(work, Path.GetFileName(source));
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj" or ".reprospec") continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }
        return target;
    }

    (int Code, string Output) Test(bool restore = false, bool build = true, string? filter = null) =>
        Dotnet(["test", fixture, "-nologo", "--logger", "console;verbosity=detailed",
            .. restore ? Array.Empty<string>() : ["--no-restore"], .. build ? Array.Empty<string>() : ["--no-build"],
            .. filter is null ? Array.Empty<string>() : ["--filter", filter]]);

    // The child finds its own store (beside the fixture) and reports: ChildDotnet passes none of the parent's settings.
    (int Code, string Output) Dotnet(string[] args) =>
        ChildDotnet.Run(work, args, settings);

    static string? FindUp(string start, string name)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, name)) || File.Exists(Path.Combine(dir.FullName, name))) return dir.FullName;
        return null;
    }
}
