namespace PaperClaims;

/// <summary>
/// Bouthillier, Delaunay, Bronzi, Trofimov, Nichyporuk, Szeto, Sepah, Raff, Madan, Voleti, Kahou, Michalski,
/// Serdyuk, Arbel, Pal, Varoquaux, Vincent (2021), "Accounting for variance in machine learning benchmarks", MLSys.
/// Sec. 2 measures, on five case studies, the variance of the test performance due to each source of variation
/// alone (data sampling by bootstrap, data augmentation, data order, weight initialisation, dropout, numerical
/// noise, hyper-parameter choice), the others held fixed; their figure of these variances (Fig. 1 in the version
/// we read; the number is as we recall it) shows data sampling among the largest sources and above weight
/// initialisation in every case study. We quote no numbers from it.
/// Restated on a vendored table, pre-registered before the first run: an MLP (13-64-3, Adam 1e-3, 50 epochs) on
/// standardised wine with a seeded stratified 142/36 split; 10 runs that vary only the split (our stand-in for their
/// bootstrap: a new train/test partition per run), 10 that vary only the initialisation, 10 that vary only the data
/// order, every other source at its seed-0 value; the split's variance must exceed each other source's (one-sided
/// Brown–Forsythe test, α = 0.05, docs/statistics.md). The split runs are shared by the two claims.
/// Measured (first and only run): split sd 1.96 pp; order sd 0 (every order gives 97.2 % on the seed-0 split):
/// Supported, p = 0.019. Initialisation sd 1.34 pp, variance ratio 2.1 (90 % F interval 0.67 to 6.8), p = 0.23:
/// Inconclusive, and declared so after the run: on 36 test wines near the ceiling, 10 runs per source cannot tell a
/// ratio of about 2 from 1 (for normal samples the one-sided test at n = 10 has about 21 % power at a variance ratio
/// of 2.1 and 45 % at 4, by simulation; 40 runs per source would give about 68 % at 2.1).
/// </summary>
[TestFixture]
public class Bouthillier2021
{
    static readonly Arm Mlp = new("MLP 13-64-3 (wine)", new TabularClassifier(Dataset: "wine", Model: "mlp"));

    [Claim(Seeds = 10, Expect = ExpectedVerdict.Inconclusive,
        Because = "split sd 1.96 pp against initialisation sd 1.34 pp (variance ratio 2.1, 90 % F interval 0.67 to 6.8, Brown–Forsythe p = 0.23): the pre-registered 10 runs per source cannot separate a ratio of about 2 on 36 test wines")]
    public void The_split_varies_the_accuracy_more_than_the_initialisation() =>
        Claim.That(Mlp).VarianceFrom("split").Exceeds("init").On("test_accuracy");

    [Claim(Seeds = 10)]
    public void The_split_varies_the_accuracy_more_than_the_data_order() =>
        Claim.That(Mlp).VarianceFrom("split").Exceeds("order").On("test_accuracy");
}
