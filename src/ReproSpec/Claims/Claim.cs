using ReproSpec.Statistics;

namespace ReproSpec.Claims;

/// <summary>
/// The claim language: <c>Claim.That(mlp).Beats(linear).On("test_accuracy").ByAtLeast(0.03)</c>.
/// Each sentence only declares; the [Claim] attribute's runner trains and decides afterwards.
/// </summary>
public static class Claim
{
    /// <summary>Starts a claim about one arm.</summary>
    public static ArmSentence That(Arm arm) => new(arm);

    /// <summary>Starts a claim about one experiment (the arm is named after it).</summary>
    public static ArmSentence That(Experiment experiment) => new(experiment);

    /// <summary>Arms rank in this order on a metric, best first.</summary>
    public static RankingSentence Ranking(params Arm[] bestFirst) => new(bestFirst);

    /// <summary>
    /// The claim <paramref name="claim"/> builds holds under each condition, family-wise:
    /// <c>Claim.Across(["wine", "iris"], d => Claim.That(Mlp(d)).Beats(Linear(d)).On("test_accuracy"))</c>.
    /// </summary>
    public static void Across(IEnumerable<string> conditions, Action<string> claim) =>
        ClaimScope.Require().Add(new AcrossBuilder(conditions.ToList(), claim));

    sealed class AcrossBuilder(IReadOnlyList<string> conditions, Action<string> claim) : IClaimBuilder
    {
        public ClaimDeclaration? Build(out string? incomplete)
        {
            var built = new List<(string, ClaimDeclaration)>();
            foreach (var condition in conditions)
            {
                using var inner = ClaimScope.Open();
                claim(condition);
                var claims = inner.Build(out var problems);
                if (problems.Count > 0 || claims.Count != 1)
                {
                    incomplete = problems.Count > 0
                        ? $"condition {condition}: {problems[0]}"
                        : $"condition {condition}: the lambda must declare exactly one claim, it declared {claims.Count}";
                    return null;
                }
                built.Add((condition, claims[0]));
            }
            incomplete = null;
            return new HoldsAcrossClaim(built);
        }
    }
}

/// <summary>A claim about one arm, waiting for its verb.</summary>
public sealed class ArmSentence(Arm arm)
{
    /// <summary>Renames the arm (arm names must be unique within a claim).</summary>
    public ArmSentence As(string name) => new(arm with { Name = name });

    /// <summary>This arm beats <paramref name="baseline"/>: choose the metric with On(…).</summary>
    /// <remarks>
    /// Paired t test by default; on tied per-seed differences the exact sign-flip test. Each error stays ≤ α when the
    /// differences are normal or symmetric about the margin (two arms with the same distribution at margin 0 always are):
    /// docs/statistics.md, "Discrete metrics".
    /// </remarks>
    public ComparisonSentence Beats(Arm baseline) => new(arm, baseline, ComparisonKind.Beats);

    /// <summary>Non-inferiority: this arm is not worse than <paramref name="baseline"/> by more than a tolerance.</summary>
    public ComparisonSentence IsNotWorseThan(Arm baseline) => new(arm, baseline, ComparisonKind.NotWorse);

    /// <summary>This arm and <paramref name="other"/> are equivalent (TOST): choose metric and tolerance.</summary>
    public ComparisonSentence IsEquivalentTo(Arm other) => new(arm, other, ComparisonKind.Equivalent);

    /// <summary>The seed waiver: this arm beats <paramref name="baseline"/> on at least a fraction of seeds.</summary>
    public ComparisonSentence BeatsOnMostSeeds(Arm baseline, double probability = 0.9) =>
        new(arm, baseline, ComparisonKind.Stable) { Probability = probability };

    /// <summary>A claim about this arm's own metric.</summary>
    public MetricSentence On(Metric metric) => new(arm, metric);

    /// <summary>
    /// Variance by source: the runs that vary only <paramref name="source"/> ("split", "init", "order", "dropout",
    /// "augmentation") are more spread out than those that vary only another source, e.g.
    /// <c>Claim.That(mlp).VarianceFrom("split").Exceeds("init").On("test_accuracy")</c>.
    /// </summary>
    public VarianceSentence VarianceFrom(string source) => new(arm, source);

    /// <summary>At most this fraction of the arm's runs diverge (NaN or infinite values).</summary>
    public void DivergesAtMost(double fraction) => ClaimScope.Require().Add(new Fixed(new DivergenceClaim(arm, fraction)));

    internal sealed class Fixed(ClaimDeclaration claim) : IClaimBuilder
    {
        public ClaimDeclaration? Build(out string? incomplete)
        {
            incomplete = null;
            return claim;
        }
    }
}

enum ComparisonKind
{
    Beats,
    NotWorse,
    Equivalent,
    Stable,
}

/// <summary>A two-arm comparison, waiting for its metric and margin.</summary>
public sealed class ComparisonSentence : IClaimBuilder
{
    readonly Arm a;
    readonly Arm b;
    readonly ComparisonKind kind;
    Metric? metric;
    double margin;
    bool relative;
    bool marginSet;

    internal ComparisonSentence(Arm a, Arm b, ComparisonKind kind)
    {
        this.a = a;
        this.b = b;
        this.kind = kind;
        ClaimScope.Require().Add(this);
    }

    internal double Probability { get; init; } = 0.9;

    /// <summary>The metric compared; its direction (higher or lower is better) says what "beats" means.</summary>
    public ComparisonSentence On(Metric metric)
    {
        this.metric = metric;
        return this;
    }

    /// <summary>The margin in the metric's own units (0.03 = 3 pp of accuracy).</summary>
    public ComparisonSentence ByAtLeast(double margin)
    {
        this.margin = margin;
        marginSet = true;
        return this;
    }

    /// <summary>The margin as a fraction of the baseline's size (0.05 = 5 % better): each baseline value B is moved to B + 0.05·|B|, defined through zero.</summary>
    public ComparisonSentence ByAtLeastRelative(double fraction)
    {
        margin = fraction;
        relative = true;
        marginSet = true;
        return this;
    }

    /// <summary>The tolerance of an equivalence or non-inferiority claim.</summary>
    public ComparisonSentence Within(double tolerance)
    {
        margin = tolerance;
        marginSet = true;
        return this;
    }

    ClaimDeclaration? IClaimBuilder.Build(out string? incomplete)
    {
        incomplete = null;
        if (metric is null)
        {
            incomplete = $"the claim about {a} and {b} names no metric: add .On(\"metric_name\").";
            return null;
        }
        if (!marginSet && kind is ComparisonKind.Equivalent or ComparisonKind.NotWorse)
        {
            incomplete = $"the {(kind == ComparisonKind.Equivalent ? "equivalence" : "non-inferiority")} claim about {a} and {b} has no tolerance: add .Within(δ).";
            return null;
        }
        return kind switch
        {
            ComparisonKind.Beats => new BeatsClaim(a, b, metric, margin, relative),
            ComparisonKind.NotWorse => new NotWorseClaim(a, b, metric, margin),
            ComparisonKind.Equivalent => new EquivalenceClaim(a, b, metric, margin),
            _ => new StableClaim(a, b, metric, Probability),
        };
    }
}

/// <summary>A claim about one arm's metric: a threshold or a reproduction of a reported result.</summary>
public sealed class MetricSentence
{
    readonly Arm arm;
    readonly Metric metric;

    internal MetricSentence(Arm arm, Metric metric)
    {
        this.arm = arm;
        this.metric = metric;
    }

    /// <summary>The mean is at least <paramref name="bound"/>; add .InFractionOfSeeds(q) for a quantile claim.</summary>
    /// <remarks>
    /// When every seed's value lies in [0, 1] (accuracy, AUC, F1), the betting test on [0, 1]: valid for every
    /// distribution on it (skewed, over-dispersed, a seed that collapses now and then), at any look; its price is seeds
    /// near the bound. Declare .Bounded(low, high) for another range. Otherwise, or with .AssumingNearNormal(), the
    /// one-sample t test (exact sign flips on tied values, at least the exact binomial bound on shares of k items), whose
    /// errors stay ≤ α only when the per-seed values are near normal or symmetric about the bound. A quantile claim
    /// (.InFractionOfSeeds) is exact for every distribution. docs/statistics.md, "Skewed discrete metrics";
    /// docs/calibration.md, "Data ML produces", has what each choice errs on.
    /// </remarks>
    public ThresholdSentence IsAtLeast(double bound) => new(arm, metric, bound, atLeast: true);

    /// <summary>The mean is at most <paramref name="bound"/>; add .InFractionOfSeeds(q) for a quantile claim.</summary>
    /// <remarks>The same test and guarantee as <see cref="IsAtLeast"/>.</remarks>
    public ThresholdSentence IsAtMost(double bound) => new(arm, metric, bound, atLeast: false);

    /// <summary>Our runs reproduce a reported mean ± sd (n): add .Within(tolerance).</summary>
    public ReproductionSentence Reproduces(ReportedResult reported) => new(arm, metric, reported);
}

/// <summary>A threshold claim; by default about the mean.</summary>
public sealed class ThresholdSentence : IClaimBuilder
{
    readonly ThresholdClaim claim;
    double? fraction;
    ValueRange? range;
    bool assumingNearNormal;

    internal ThresholdSentence(Arm arm, Metric metric, double bound, bool atLeast)
    {
        claim = new ThresholdClaim(arm, metric, bound, atLeast);
        ClaimScope.Require().Add(this);
    }

    /// <summary>Holds for at least this fraction of seeds (a quantile claim), not just on the mean.</summary>
    public ThresholdSentence InFractionOfSeeds(double fraction)
    {
        this.fraction = fraction;
        return this;
    }

    /// <summary>
    /// The metric's values lie in [<paramref name="low"/>, <paramref name="high"/>] (accuracy: 0 and 1): the mean is
    /// judged by a betting test valid for every distribution on that range, skewed or not, at any number of seeds.
    /// </summary>
    /// <remarks>
    /// Without a range no test of a mean covers every distribution (a metric that fails a seed entirely now and then can
    /// look perfect on every seed you ran); with it, the price is seeds: "accuracy ≥ 0.9" on seeds at 0.97 needs a few
    /// dozen of them. docs/statistics.md, "Skewed discrete metrics", has the power table.
    /// </remarks>
    /// <example><code>Claim.That(Linear).On("test_accuracy").IsAtLeast(0.9).Bounded(0, 1);</code></example>
    public ThresholdSentence Bounded(double low, double high)
    {
        range = new ValueRange(low, high);
        return this;
    }

    /// <summary>
    /// Rests the verdict on per-seed values near normal or symmetric about the bound: the mean is judged by the one-sample
    /// t test (sign flips on ties, the binomial bound on shares) even when the values lie in [0, 1].
    /// </summary>
    /// <remarks>
    /// A waiver, stated on the claim and in its verdict: it decides with far fewer seeds than the betting test near the
    /// bound, and it errs when the data break it. With 5 % of seeds collapsing to 0.6 and the mean at the bound, "Supported"
    /// comes out in more than half of the 10-seed experiments; docs/calibration.md, "Data ML produces", has the rows.
    /// </remarks>
    /// <example><code>Claim.That(Linear).On("test_accuracy").IsAtLeast(0.9).AssumingNearNormal();</code></example>
    public ThresholdSentence AssumingNearNormal()
    {
        assumingNearNormal = true;
        return this;
    }

    ClaimDeclaration? IClaimBuilder.Build(out string? incomplete)
    {
        incomplete = null;
        return claim with { SeedFraction = fraction, Range = range, AssumingNearNormal = assumingNearNormal };
    }
}

/// <summary>A reproduction claim, waiting for its tolerance.</summary>
public sealed class ReproductionSentence : IClaimBuilder
{
    readonly Arm arm;
    readonly Metric metric;
    readonly ReportedResult reported;
    double? tolerance;
    bool assumingNearNormal;

    internal ReproductionSentence(Arm arm, Metric metric, ReportedResult reported)
    {
        this.arm = arm;
        this.metric = metric;
        this.reported = reported;
        ClaimScope.Require().Add(this);
    }

    /// <summary>How far our mean may be from the reported one and still count as reproduced.</summary>
    /// <remarks>
    /// When every value of ours lies in [0, 1], the betting test on [0, 1] (valid for every distribution of ours there)
    /// against the reported mean's t bound (the reported runs near normal); otherwise, or with .AssumingNearNormal(),
    /// Welch's TOST against the summary. docs/statistics.md, "Skewed discrete metrics".
    /// </remarks>
    public ReproductionSentence Within(double tolerance)
    {
        this.tolerance = tolerance;
        return this;
    }

    /// <summary>
    /// Rests the verdict on our per-seed values being near normal: Welch's TOST against the summary even when our values
    /// lie in [0, 1]. A waiver, stated in the verdict; docs/calibration.md ("Data ML produces") has what it costs on
    /// skewed seeds.
    /// </summary>
    /// <example><code>Claim.That(Mlp).On("test_accuracy").Reproduces(Reported.MeanSd(0.882, 0.006, n: 3, "Paper, Table 2")).Within(0.01).AssumingNearNormal();</code></example>
    public ReproductionSentence AssumingNearNormal()
    {
        assumingNearNormal = true;
        return this;
    }

    ClaimDeclaration? IClaimBuilder.Build(out string? incomplete)
    {
        incomplete = tolerance is null ? $"the reproduction claim for {arm} has no tolerance: add .Within(δ)." : null;
        return tolerance is { } t ? new ReproducesClaim(arm, metric, reported, t, assumingNearNormal) : null;
    }
}

/// <summary>A ranking claim, waiting for its metric.</summary>
public sealed class RankingSentence : IClaimBuilder
{
    readonly IReadOnlyList<Arm> arms;
    Metric? metric;

    internal RankingSentence(IReadOnlyList<Arm> arms)
    {
        this.arms = arms;
        ClaimScope.Require().Add(this);
    }

    public RankingSentence On(Metric metric)
    {
        this.metric = metric;
        return this;
    }

    ClaimDeclaration? IClaimBuilder.Build(out string? incomplete)
    {
        incomplete = metric is null ? "the ranking names no metric: add .On(\"metric_name\")." : null;
        return metric is null ? null : new RanksClaim(arms, metric);
    }
}

/// <summary>A variance-by-source claim, waiting for the source it is compared with and the metric.</summary>
public sealed class VarianceSentence : IClaimBuilder
{
    readonly Arm arm;
    readonly string source;
    string? baseline;
    Metric? metric;

    internal VarianceSentence(Arm arm, string source)
    {
        this.arm = arm;
        this.source = source;
        ClaimScope.Require().Add(this);
    }

    /// <summary>The source whose variance the first one exceeds.</summary>
    public VarianceSentence Exceeds(string otherSource)
    {
        baseline = otherSource;
        return this;
    }

    /// <summary>The metric whose variance is compared.</summary>
    public VarianceSentence On(Metric metric)
    {
        this.metric = metric;
        return this;
    }

    ClaimDeclaration? IClaimBuilder.Build(out string? incomplete)
    {
        incomplete = baseline is null
            ? $"the variance claim about {arm} names no second source: add .Exceeds(\"init\") (or another source)."
            : metric is null ? $"the variance claim about {arm} names no metric: add .On(\"metric_name\")." : null;
        return incomplete is null ? new VarianceBySourceClaim(arm, metric!, source, baseline!) : null;
    }
}
