using ReproSpec.Claims;
using ReproSpec.Provenance;
using ReproSpec.Reports;

namespace ReproSpec.Tests.Reports;

/// <summary>The reproducibility card: each item present only when the run saw it, missing otherwise.</summary>
public class ReproducibilityCardTests
{
    static EnvironmentManifest Manifest(string commit = "0123456789abcdef", string dirty = "no", bool withData = true) => new()
    {
        Os = "Debian 12", Kernel = "6.1", Architecture = "x64", Cpu = "Test CPU", Cores = 2, MemoryBytes = 24L << 30,
        Gpu = "none", Runtime = ".NET 10.0.0", TorchSharp = "0.107.0", LibTorch = "2.10.0",
        Packages = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["TorchSharp"] = "0.107.0" },
        Workers = 2, ThreadsPerRun = 1, Variables = new SortedDictionary<string, string>(StringComparer.Ordinal),
        GitCommit = commit, GitDirty = dirty,
        Datasets = withData
            ? new SortedDictionary<string, string>(StringComparer.Ordinal) { ["mlp"] = "abcc779aee6cd3f9", ["linear"] = "abcc779aee6cd3f9" }
            : new SortedDictionary<string, string>(StringComparer.Ordinal),
    };

    static CardFacts Facts(EnvironmentManifest? manifest) => new()
    {
        Manifests = new Dictionary<string, EnvironmentManifest?> { ["env-1"] = manifest },
        ReadmePath = "README.md",
        ReadmeText = "Evaluate:\n\n```sh\ndotnet test claims/ReproSpec.Claims --logger \"console;verbosity=detailed\"\n```\n",
        LockFiles = ["claims/ReproSpec.Claims/packages.lock.json"],
        StoreRoot = "/tmp/store",
        Plotted = new HashSet<string> { "Claims.Mlp.Beats_linear" },
    };

    static SuiteRecord Suite(params ClaimRecord[] claims) => new(claims, []);

    static Dictionary<string, CardItem> Card(SuiteRecord suite, CardFacts facts) =>
        ReproducibilityCard.From(suite, facts).Items.ToDictionary(i => i.Item);

    static ClaimRecord Claim() => Sample.Claim() with { CodeFingerprints = new Dictionary<string, string> { ["MnistClassifier"] = "feedface00000000" } };

    [Test]
    public void Everything_the_run_saw_is_present()
    {
        var card = Card(Suite(Claim()), Facts(Manifest()));
        Assert.Multiple(() =>
        {
            foreach (var item in card.Values.Where(i => i.Item != "competitors' reported numbers"))
                Assert.That(item.Status, Is.EqualTo(CardStatus.Present), $"{item.Item}: {item.Detail}");
            Assert.That(card["competitors' reported numbers"].Status, Is.EqualTo(CardStatus.NotUsed));
            Assert.That(card["hardware"].Detail, Does.Contain("Test CPU, 2 cores, 24 GiB"));
            Assert.That(card["source code"].Detail, Does.Contain("commit 0123456789abcdef").And.Contain("MnistClassifier feedface00000000"));
            Assert.That(card["instructions"].Detail, Does.Contain("dotnet test claims/ReproSpec.Claims"));
        });
    }

    [Test]
    public void What_the_run_did_not_see_is_missing()
    {
        var noManifest = Card(Suite(Claim()), Facts(null));
        var dirty = Card(Suite(Claim()), Facts(Manifest(dirty: "yes")));
        var noData = Card(Suite(Claim()), Facts(Manifest(withData: false)));
        var bare = Card(Suite(Claim()), Facts(Manifest()) with { ReadmePath = null, ReadmeText = "", LockFiles = [], StoreRoot = null, Plotted = new HashSet<string>() });
        Assert.Multiple(() =>
        {
            Assert.That(noManifest["hardware"].Status, Is.EqualTo(CardStatus.Missing));
            Assert.That(noManifest["hardware"].Detail, Does.Contain("1 of 1 environment manifests are not in the store"));
            Assert.That(noManifest["source code"].Status, Is.EqualTo(CardStatus.Missing));
            Assert.That(noManifest["software environment"].Status, Is.EqualTo(CardStatus.Missing));
            Assert.That(dirty["source code"].Status, Is.EqualTo(CardStatus.Missing));
            Assert.That(dirty["source code"].Detail, Does.Contain("uncommitted changes"));
            Assert.That(noData["data and preprocessing"].Status, Is.EqualTo(CardStatus.Missing));
            Assert.That(noData["data and preprocessing"].Detail, Does.Contain("no data hash for linear, mlp"));
            Assert.That(bare["instructions"].Status, Is.EqualTo(CardStatus.Missing));
            Assert.That(bare["software environment"].Detail, Does.Contain("no packages.lock.json"));
            Assert.That(bare["tracking"].Status, Is.EqualTo(CardStatus.Missing));
            Assert.That(bare["figures"].Status, Is.EqualTo(CardStatus.Missing));
        });
    }

    [Test]
    public void Unknown_git_is_not_called_uncommitted_and_a_fingerprint_of_nothing_is_not_code()
    {
        var noGit = Card(Suite(Claim()), Facts(Manifest(commit: "unknown", dirty: "unknown")));
        // SHA-256 of empty input: what a fingerprint that saw no code gives.
        var emptyCode = Card(Suite(Claim() with { CodeFingerprints = new Dictionary<string, string> { ["CommandExperiment"] = "e3b0c44298fc1c14" } }), Facts(Manifest()));
        Assert.Multiple(() =>
        {
            Assert.That(noGit["source code"].Status, Is.EqualTo(CardStatus.Missing));
            Assert.That(noGit["source code"].Detail, Does.Contain("commit and uncommitted changes unknown").And.Not.Contain("uncommitted changes (git dirty"));
            Assert.That(emptyCode["source code"].Status, Is.EqualTo(CardStatus.Missing));
            Assert.That(emptyCode["source code"].Detail, Does.Contain("no code seen for CommandExperiment").And.Not.Contain("CommandExperiment e3b0c44298fc1c14"));
        });
    }

    [Test]
    public void A_command_arms_interpreter_is_on_the_card_and_in_the_claims_report()
    {
        var claim = Claim() with { Interpreters = new Dictionary<string, string> { ["PyTorch MLP"] = "python 3.11.2 cpython\nexecutable /usr/bin/python3\nmodule torch torch 1.13.0" } };
        var card = Card(Suite(claim), Facts(Manifest()));
        var markdown = ClaimMarkdown.Render(claim, plotFile: null);
        Assert.Multiple(() =>
        {
            Assert.That(card["software environment"].Detail, Does.Contain("PyTorch MLP: python 3.11.2 cpython, executable /usr/bin/python3, module torch torch 1.13.0"));
            Assert.That(markdown, Does.Contain("Interpreter of PyTorch MLP").And.Contain("module torch torch 1.13.0"));
        });
    }

    [Test]
    public void Reported_numbers_are_listed_with_their_source_and_the_card_is_in_both_summaries()
    {
        var reproduction = Claim() with { Test = "Claims.Iris.Reproduces", ReportedSource = "0.953 ± 0.051 (n = 5, Some page, Table 1)" };
        var suite = Suite(Claim(), reproduction) with { Card = null };
        var card = ReproducibilityCard.From(suite, Facts(null));
        suite = suite with { Card = card };
        var md = SuiteReport.Markdown(suite);
        var html = SuiteReport.Html(suite, new Dictionary<string, byte[]>());
        Assert.Multiple(() =>
        {
            Assert.That(card.Items.Single(i => i.Item == "competitors' reported numbers").Detail, Does.Contain("Some page, Table 1"));
            Assert.That(md, Does.Contain("### Reproducibility card").And.Contain("| hardware | missing |").And.Contain("| competitors' reported numbers | present |"));
            Assert.That(html, Does.Contain("<h2>Reproducibility card</h2>").And.Contain("<td class=\"Missing\">missing</td>"));
        });
    }

    [Test]
    public void Reprospec_report_rebuilds_the_summaries_with_the_saved_card()
    {
        var root = Directory.CreateTempSubdirectory("reprospec-card-").FullName;
        try
        {
            var claim = Claim();
            ReportFiles.Write(ReportFiles.Outcome(root, claim.Test), ReportJson.Serialize(claim));
            var card = ReproducibilityCard.From(Suite(claim), Facts(null));
            ReportFiles.Write(Path.Combine(root, ReportFiles.SuiteCard), ReportJson.Serialize(card));
            Assert.That(ReportJson.ReadCard(Path.Combine(root, ReportFiles.SuiteCard)).Items, Is.EqualTo(card.Items));
            ReproSpec.Cli.Commands.ReportCommand.Rebuild(root);
            Assert.That(File.ReadAllText(Path.Combine(root, ReportFiles.SuiteMarkdown)), Does.Contain("| hardware | missing |"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void A_claim_whose_snapshot_failed_is_never_shown_green()
    {
        var failed = Sample.Claim("A.Moved") with { TestFailure = "snapshot: Distribution snapshot differs from A.Moved.verified.json:" };
        var md = SuiteReport.Markdown(Suite(failed));
        var html = SuiteReport.Html(Suite(failed), new Dictionary<string, byte[]>());
        Assert.Multiple(() =>
        {
            Assert.That(md, Does.Contain("| ❌ | mlp beats linear on accuracy by ≥ 0.03<br>`A.Moved` | Reproduced (Supported) | failed: snapshot: Distribution snapshot differs"));
            Assert.That(html, Does.Contain("<td class=\"Refuted\">failed: snapshot:"));
            Assert.That(ClaimMarkdown.Render(failed, null), Does.Contain("**The test failed**: snapshot:"));
        });
    }

    [Test]
    public void A_claim_refuted_as_declared_is_not_shown_as_a_failure()
    {
        var asDeclared = Sample.Claim("A.Refuted", verdict: Verdict.Refuted, expected: Verdict.Refuted);
        var notMet = Sample.Claim("A.Wrong", verdict: Verdict.Refuted);
        var md = SuiteReport.Markdown(Suite(asDeclared, notMet));
        Assert.Multiple(() =>
        {
            Assert.That(md, Does.Contain("| ☑️ | mlp beats linear on accuracy by ≥ 0.03<br>`A.Refuted` | Not reproduced (Refuted) | passed (Refuted as pre-registered) |"));
            Assert.That(md, Does.Contain("| ❌ | mlp beats linear on accuracy by ≥ 0.03<br>`A.Wrong` | Not reproduced (Refuted) | failed: verdict Refuted, expected Supported |"));
        });
    }
}
