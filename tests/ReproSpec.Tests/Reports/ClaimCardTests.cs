using ReproSpec.Claims;
using ReproSpec.Planning;
using ReproSpec.Reports;
using ReproSpec.Snapshots;

namespace ReproSpec.Tests.Reports;

/// <summary>A claim's card from its accepted snapshot: every machine's figures, fingerprints, protocol, history, paper and competitors.</summary>
public class ClaimCardTests
{
    static readonly RunInputs Inputs = new("MnistClassifier", "c0de000000000001", "da7a000000000001", "9a4a000000000001", "1");

    static readonly ClaimDesign Design = new("beats", "challenger − baseline > 0.01", "test_accuracy (higher is better)",
        ["MnistClassifier {\"Architecture\":\"cnn\"}", "MnistClassifier {\"Architecture\":\"mlp\"}"], 0.05, TestKind.PairedT, 3, 12, 3, "OBrienFleming",
        DivergencePolicy.CountAsWorst, [], 2000, [2000, 2001, 2002]) { Expected = "Supported" };

    static DistributionSnapshot Snapshot()
    {
        var cnn = new ArmSnapshot("LeNet-5", "MnistClassifier", "test_accuracy", [2000, 2001, 2002], [0.95, 0.94, 0.96], null, ["aaaa000000000001", "bbbb000000000002"])
        {
            Inputs = Inputs,
            Machine = "AMD EPYC (avx2, avx512f), 1 thread(s) per run; AMD EPYC (avx2, avx512f), 1 thread(s) per run, ATEN_CPU_CAPABILITY=avx2",
        };
        var mlp = new ArmSnapshot("MLP | 256", "MnistClassifier", "test_accuracy", [2000, 2001, 2002], [0.93, 0.92, 0.93], null, ["aaaa000000000001"])
        {
            Inputs = Inputs with { Parameters = "9a4a000000000002" },
            Machine = "AMD EPYC (avx2, avx512f), 1 thread(s) per run",
            Accepted = [new EnvironmentValues(["bbbb000000000002"], Inputs, [2000, 2001, 2002], [0.91, double.NaN, 0.92]) { Machine = "AMD EPYC (avx2, avx512f), 1 thread(s) per run, ATEN_CPU_CAPABILITY=avx2" }],
        };
        var change = new DesignChange(Design with { FirstSeed = 0, Seeds = null }, Design, DesignChangeKind.FreshSeeds, "re-registered on fresh seeds", new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));
        return new DistributionSnapshot([new ClaimSnapshot("LeNet-5 beats MLP | 256 by at least 0.01", Verdict.Supported, [cnn, mlp], Design, [change])]);
    }

    static ClaimCardFacts Facts(PaperNumbers? paper = null, IReadOnlyList<CompetitorNumber>? competitors = null) =>
        new("LeCun1998.Lenet5_beats_the_mlp", "dotnet test claims/X --filter \"FullyQualifiedName=X.LeCun1998.Lenet5_beats_the_mlp\"", Snapshot(),
            "LeCun1998.Lenet5_beats_the_mlp.verified.json", paper, competitors ?? [], ("claims/X/packages.lock.json", "ab12"), "X.LeCun1998.Lenet5_beats_the_mlp.png");

    [Test]
    public void Every_machine_the_values_were_accepted_on_has_its_figures_and_description()
    {
        var card = ClaimCard.Render(Facts());
        Assert.Multiple(() =>
        {
            Assert.That(card, Does.Contain("- `aaaa000000000001`: AMD EPYC (avx2, avx512f), 1 thread(s) per run\n"));
            Assert.That(card, Does.Contain("- `bbbb000000000002`: AMD EPYC (avx2, avx512f), 1 thread(s) per run, ATEN_CPU_CAPABILITY=avx2\n"), "merged ids keep their own descriptions");
            Assert.That(card, Does.Contain("| LeNet-5 | `aaaa000000000001`, `bbbb000000000002` | 3 | 0.95 ± 0.01 | 0.95 | 0.94 to 0.96 | 2000–2002 |"));
            Assert.That(card, Does.Contain("| MLP \\| 256 | `bbbb000000000002` | 2 (+1 non-finite) | 0.915 ± 0.007071 | 0.915 | 0.91 to 0.92 | 2000–2002 |"));
            Assert.That(card, Does.Contain("| MLP \\| 256 | MnistClassifier | `c0de000000000001` | `da7a000000000001` | `9a4a000000000002` | 1 |"));
            Assert.That(card, Does.Contain("- seeds: sequential, 3 to 12 per arm by 3 from seed 2000, OBrienFleming spending"));
            Assert.That(card, Does.Contain("- test: PairedT, each one-sided error rate α = 0.05; divergence: CountAsWorst"));
            Assert.That(card, Does.Contain("- design change (FreshSeeds, accepted 2026-12-07): FirstSeed: 0 → 2000; reason: re-registered on fresh seeds"));
            Assert.That(card, Does.Contain("Package versions: `claims/X/packages.lock.json`, SHA-256 `ab12`."));
            Assert.That(card, Does.Contain("figure, drawn by ReproSpec from the runs"));
            Assert.That(card, Does.Contain("`X.LeCun1998.Lenet5_beats_the_mlp.png` in the reports folder"));
            Assert.That(card, Does.Contain("- paper: none declared"));
            Assert.That(card, Does.Contain("- competitors' reported numbers: none declared"));
            Assert.That(ClaimCard.Render(Facts()), Is.EqualTo(card), "the same inputs give the same card");
        });
    }

    [Test]
    public void The_paper_and_competitors_numbers_are_on_the_card()
    {
        var card = ClaimCard.Render(Facts(new PaperNumbers("LeCun et al. 1998, Fig. 9", "LeNet-5 0.95 % error"),
            [new CompetitorNumber("SVM", "1.4 % error", "Fig. 9"), new CompetitorNumber("k-NN", "5.0 % error", null)]));
        Assert.Multiple(() =>
        {
            Assert.That(card, Does.Contain("- paper: LeCun et al. 1998, Fig. 9\n- reported there: LeNet-5 0.95 % error\n"));
            Assert.That(card, Does.Contain("- competitor: SVM: 1.4 % error (Fig. 9)\n- competitor: k-NN: 5.0 % error\n"));
            Assert.That(card, Does.Not.Contain("none declared"));
        });
    }

    [Test]
    public void The_card_file_sits_beside_the_snapshot()
    {
        Assert.That(ClaimCard.PathFor("/c/A.M.verified.json"), Is.EqualTo("/c/A.M.card.md"));
        Assert.That(() => ClaimCard.PathFor("/c/A.M.received.json"), Throws.ArgumentException.With.Message.Contains("not a verified snapshot"));
    }
}
