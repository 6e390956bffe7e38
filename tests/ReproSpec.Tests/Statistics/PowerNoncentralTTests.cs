using ReproSpec.Statistics;

namespace ReproSpec.Tests.Statistics;

public class PowerNoncentralTTests
{
    [Test]
    public void Cdf_and_survival_match_scipy_on_the_reference_grid()
    {
        // scipy.stats.nct (Boost), kept only where it agrees with an independent quadrature (see the script).
        var failures = new List<string>();
        var points = ReferenceB.Section("noncentral_t").EnumerateArray().ToList();
        foreach (var p in points)
        {
            var (t, df, nc) = (p.GetProperty("t").GetDouble(), p.GetProperty("df").GetDouble(), p.GetProperty("nc").GetDouble());
            var (cdf, sf) = (p.GetProperty("cdf").GetDouble(), p.GetProperty("sf").GetDouble());
            var (myCdf, mySf) = (NoncentralT.Cdf(t, df, nc), NoncentralT.Survival(t, df, nc));
            // Relative 1e-6, with an absolute floor for the far tail opposite to δ where both methods are absolute.
            if (Math.Abs(myCdf - cdf) > 1e-6 * cdf + 1e-12 || Math.Abs(mySf - sf) > 1e-6 * sf + 1e-12)
                failures.Add($"t={t} ν={df} δ={nc}: cdf {myCdf:R} vs {cdf:R}, sf {mySf:R} vs {sf:R}");
        }
        Assert.Multiple(() =>
        {
            Assert.That(points, Has.Count.GreaterThan(1000));
            Assert.That(failures, Is.Empty);
        });
    }

    [Test]
    public void Tails_on_the_side_of_the_noncentrality_keep_relative_accuracy_far_out()
    {
        // Power is an upper tail with δ > 0: there every series term is non-negative and the error is relative,
        // even when the tail is 1e-30. Boost (the reference) is itself relative to about 1e-13 here.
        var worst = 0.0;
        foreach (var p in ReferenceB.Section("noncentral_t").EnumerateArray())
        {
            var (t, df, nc) = (p.GetProperty("t").GetDouble(), p.GetProperty("df").GetDouble(), p.GetProperty("nc").GetDouble());
            if (t >= 0 && nc >= 0 && p.GetProperty("sf").GetDouble() is var sf && sf > 1e-280)
                worst = Math.Max(worst, Math.Abs(NoncentralT.Survival(t, df, nc) - sf) / sf);
            if (t <= 0 && nc <= 0 && p.GetProperty("cdf").GetDouble() is var cdf && cdf > 1e-280)
                worst = Math.Max(worst, Math.Abs(NoncentralT.Cdf(t, df, nc) - cdf) / cdf);
        }
        Assert.That(worst, Is.LessThan(1e-9));
    }
}
