using ReproSpec.Claims;
using ReproSpec.Reports;

namespace ReproSpec.Tests.Reports;

/// <summary>Claim records built by hand, with values from a fixed seeded stream, for report, snapshot and CLI tests.</summary>
static class Sample
{
    public static double[] Normal(int n, double mean, double sd, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            var u1 = 1 - random.NextDouble();
            var u2 = random.NextDouble();
            return mean + sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }).ToArray();
    }

    public static ClaimRecord Claim(string test = "Claims.Mlp.Beats_linear", Verdict verdict = Verdict.Supported, Verdict expected = Verdict.Supported,
        double[]? a = null, double[]? b = null, string environment = "env-1") => new()
    {
        Test = test,
        Sentence = "mlp beats linear on accuracy by ≥ 0.03",
        Kind = "BeatsClaim",
        Verdict = verdict,
        Expected = expected,
        Reason = "the runs reject \"the claim is false\": p = 0.001",
        Arms =
        [
            new ArmRecord("mlp", "mlp", "accuracy", Enumerable.Range(0, (a ??= Normal(10, 0.90, 0.01, 1)).Length).ToList(), a, 0, 0, [environment]),
            new ArmRecord("linear", "linear", "accuracy", Enumerable.Range(0, (b ??= Normal(10, 0.85, 0.01, 2)).Length).ToList(), b, 0, 0, [environment]),
        ],
        Comparison = new TestRecord("Paired t", a.Average() - b.Average(), 0.04, 0.06, 0.90, 7.1, 9, 0.03),
        PSupport = 0.001,
        PRefute = 0.999,
        SeedsPerArm = a.Length,
        Looks = 2,
        Design = "sequential, 5 to 20 seeds per arm by 5, Pocock spending",
        RunsTrained = 12,
        RunsCached = 8,
    };
}
