namespace PaperClaims;

/// <summary>
/// Bouthillier, Delaunay, Bronzi, Trofimov, Nichyporuk, Szeto, Sepah, Raff, Madan, Voleti, Kahou, Michalski,
/// Serdyuk, Arbel, Pal, Varoquaux, Vincent (2021), "Accounting for variance in machine learning benchmarks", MLSys.
/// Sec. 2 measures, on five case studies, the variance of the test performance due to each source of variation
/// alone (data sampling by bootstrap, data augmentation, data order, weight initialisation, dropout, numerical
/// noise, hyper-parameter choice), the others held fixed; their figure of these variances (Fig. 1 in the version
/// we read) shows data sampling generally among the largest sources, above weight initialisation and data order.
/// We quote no numbers from it, and claim "generally", not "in every case study".
/// Restated (issue #26) on a table with a larger test set: an MLP (64-64-10, Adam 1e-3, batch 32, 50 epochs) on the
/// standardised UCI digits (1,797 8×8 images) with a seeded stratified 1,437/360 split; 20 runs that vary only the
/// split (our stand-in for their bootstrap: a new train/test partition per run), 20 that vary only the
/// initialisation, 20 that vary only the data order, every other source at its seed-0 value; the split's variance
/// must exceed each other source's (one-sided Brown–Forsythe test, α = 0.05, docs/statistics.md). The split runs
/// are shared by the two claims. Verdicts are conditional on the seed-0 values of the fixed sources.
/// Why this design: on wine (36 test wines, the earlier claims, seeds 1–10) every data order gave the same 35/36, so
/// "split above order" reduced to "the split varies at all", and split against initialisation (variance ratio 2.1)
/// could not be decided at 10 runs per source. On 360 test digits one digit is 0.28 pp: the split's variance carries
/// the test sample's own (about 0.9 pp sd at 97 % accuracy), while a new initialisation or order on a fixed split
/// moves a few digits; we expect a variance ratio of 3 to 9, where the test has about 65 % to 98 % power at 20 runs
/// per source (normal samples, by simulation; 82 % at a ratio of 4). No run of this MLP on digits had been made.
/// Pre-registered in a commit of its own before its first run, on seeds 2000 and up. Expected: Supported, both.
/// Measured (their pre-registered run, cold, AMD EPYC AVX2, 2026-12-07, seeds 2000–2019 per source): split 0.9781 ±
/// 0.0091, initialisation 0.9819 ± 0.0042, data order 0.9815 ± 0.0029. Split above initialisation: variance ratio 4.7
/// (90 % F interval 2.2 to 10.2), Brown–Forsythe p = 0.0018; split above order: ratio 9.9 (4.5 to 21.4), p = 0.00011.
/// Both Supported, as pre-registered; the order arm now has spread.
/// </summary>
[TestFixture]
public class Bouthillier2021
{
    static readonly Arm Mlp = new("MLP 64-64-10 (digits)", new TabularClassifier(Dataset: "digits", Model: "mlp"));

    [Paper("Bouthillier et al. 2021, MLSys, \"Accounting for variance in machine learning benchmarks\", Sec. 2 and its figure of variance by source", Reported = "data sampling generally among the largest sources of variance, above weight initialisation (no numbers quoted here)")]
    [Claim(Seeds = 20, FirstSeed = 2000)]
    public void The_split_varies_the_accuracy_more_than_the_initialisation() =>
        Claim.That(Mlp).VarianceFrom("split").Exceeds("init").On("test_accuracy");

    [Paper("Bouthillier et al. 2021, MLSys, \"Accounting for variance in machine learning benchmarks\", Sec. 2 and its figure of variance by source", Reported = "data sampling generally among the largest sources of variance, above data order (no numbers quoted here)")]
    [Claim(Seeds = 20, FirstSeed = 2000)]
    public void The_split_varies_the_accuracy_more_than_the_data_order() =>
        Claim.That(Mlp).VarianceFrom("split").Exceeds("order").On("test_accuracy");
}
