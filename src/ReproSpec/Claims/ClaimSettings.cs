using ReproSpec.Statistics;

namespace ReproSpec.Claims;

/// <summary>The statistical test a comparison uses; <see cref="Auto"/> picks paired tests when arms share seeds.</summary>
public enum TestKind
{
    /// <summary>The default: <see cref="SkewRobustPairedT"/>, since every arm of a claim runs on the same seeds.</summary>
    Auto,
    Welch,
    Student,

    /// <summary>Student's paired t: a declared waiver that per-seed differences are near normal (strongly skewed ones at few seeds exceed α).</summary>
    PairedT,
    MannWhitney,
    Wilcoxon,
    Permutation,

    /// <summary>Hall's transformed paired t with critical values for differences skewed up to ±2 (<see cref="Statistics.SkewRobustPairedT"/>).</summary>
    SkewRobustPairedT,
}

/// <summary>What to do with runs whose loss or metric is NaN or infinite, decided before seeing the data.</summary>
public enum DivergencePolicy
{
    /// <summary>Leave diverged runs out of the comparison and report how many there were (compares survivors: a method that diverges on hard seeds can look better).</summary>
    Exclude,

    /// <summary>Any diverged run makes the claim an error that names the seeds.</summary>
    Error,

    /// <summary>The default: a diverged or crashed run counts as the worst value any arm of the claim reached, so diverging more never helps a method.</summary>
    CountAsWorst,
}

/// <summary>The verdict a claim gets: supported by the runs, refuted by them, or not yet decided.</summary>
public enum Verdict
{
    Supported,
    Refuted,
    Inconclusive,
}

/// <summary>
/// A claim's pre-registration: everything fixed before any run is seen. Seeds run
/// <see cref="FirstSeed"/>, <see cref="FirstSeed"/> + 1, … (0, 1, … by default) so stores are shared;
/// between <see cref="MinSeeds"/> and <see cref="MaxSeeds"/> seeds are added <see cref="Batch"/> at a time
/// until the sequential design decides.
/// </summary>
public sealed record ClaimSettings
{
    public double Alpha { get; init; } = 0.05;
    public int MinSeeds { get; init; } = 5;
    public int MaxSeeds { get; init; } = 5;
    public int Batch { get; init; } = 5;

    /// <summary>The first seed number; the claim runs seeds FirstSeed … FirstSeed + MaxSeeds − 1. A new design after results were seen runs on seeds after those already used.</summary>
    public int FirstSeed { get; init; }

    /// <summary>The seed numbers of the first <paramref name="seedsPerArm"/> seeds of every arm.</summary>
    public IEnumerable<int> SeedNumbers(int seedsPerArm) => Enumerable.Range(FirstSeed, seedsPerArm);

    /// <summary>How a sequential claim spends α over its looks; null: not declared, O'Brien–Fleming.</summary>
    public SpendingFunction? Spending { get; init; }

    /// <summary>True when seeds are added look by look (MaxSeeds above MinSeeds); false for a fixed number of seeds.</summary>
    public bool IsSequential => MaxSeeds > MinSeeds;

    /// <summary>The spending function the decision uses: the declared one, or O'Brien–Fleming.</summary>
    public SpendingFunction SpendingUsed => Spending ?? SpendingFunction.OBrienFleming;

    /// <summary>
    /// The share of α kept back, before any run, for a continuation on fresh seeds: this attempt is judged at
    /// α·(1 − share), and if it ends Inconclusive its printed continuation combines both attempts at α·share
    /// (<see cref="Continues"/>), so the two together keep each error ≤ α. 0 (the default) keeps nothing back.
    /// </summary>
    public double ContinuationShare { get; init; }

    /// <summary>
    /// Set on the continuation of an attempt that kept α back (<see cref="ContinuationShare"/>): this design runs fresh seeds
    /// and is decided by the inverse-normal combination of its p-values with the earlier attempt's, at the level kept back.
    /// </summary>
    public EarlierAttempt? Continues { get; init; }

    /// <summary>The level this attempt's own design spends: α less what it keeps back, or the level an earlier attempt kept back for it.</summary>
    public double DecisionAlpha => Continues?.Level ?? Alpha * (1 - ContinuationShare);

    public TestKind Test { get; init; } = TestKind.Auto;

    /// <summary>
    /// The test <see cref="TestKind.Auto"/> stands for: the skew-robust paired t, or the paired t for a claim whose
    /// verified results were registered when Auto meant it (set from the snapshot's design, see <c>ClaimDesign.AutoTest</c>).
    /// </summary>
    internal TestKind AutoTest { get; init; } = TestKind.SkewRobustPairedT;

    /// <summary>The test the claim's comparisons run: <see cref="Test"/>, or what Auto stands for.</summary>
    internal TestKind TestUsed => Test == TestKind.Auto ? AutoTest : Test;
    public DivergencePolicy Divergence { get; init; } = DivergencePolicy.CountAsWorst;
    public IReadOnlyList<string> FixedSources { get; init; } = [];

    /// <summary>The verdict the author expects (a documented non-reproduction expects Refuted); null: Supported.</summary>
    public Verdict? Expected { get; init; }

    /// <summary>Why the claim is expected to be Refuted or Inconclusive; required with <see cref="Expected"/>, an error without it.</summary>
    public string? Because { get; init; }

    /// <summary>Contradictions in how the declaring attribute was written (e.g. Seeds together with MinSeeds), reported with <see cref="Problems"/>.</summary>
    public IReadOnlyList<string> DeclarationConflicts { get; init; } = [];

    /// <summary>Problems with these settings, each a sentence naming the setting and the fix.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var conflict in DeclarationConflicts) yield return conflict;
        if (FirstSeed < 0)
            yield return $"FirstSeed = {FirstSeed}: seed numbers are ≥ 0; use FirstSeed = 0 (the default) or the first seed after those already used.";
        if (Expected is { } expected && expected != Verdict.Supported && string.IsNullOrWhiteSpace(Because))
            yield return $"Expect = {expected} needs Because = \"…\": say why this claim is not expected to be supported here.";
        if ((Expected is null or Verdict.Supported) && !string.IsNullOrWhiteSpace(Because))
            yield return "Because = \"…\" is set but Expect is Supported (the default): Because says why a claim is expected to be Refuted or Inconclusive; "
                         + "add Expect = ExpectedVerdict.Refuted (or Inconclusive), or remove Because.";
        if (!(Alpha > 0 && Alpha < 0.5))
            yield return $"Alpha = {Alpha} is outside (0, 0.5): it is each one-sided error rate; use a level such as 0.05.";
        if (!(ContinuationShare >= 0 && ContinuationShare < 1))
            yield return $"ContinuationShare = {ContinuationShare} is outside [0, 1): it is the share of α kept back for a continuation; use 0 (none) or e.g. 0.2.";
        if (Continues is { } earlier)
        {
            foreach (var problem in earlier.Problems(Alpha)) yield return problem;
            if (IsSequential)
                yield return $"Continues: a combined continuation is one look on fresh seeds; declare Seeds = n (MinSeeds = MaxSeeds), not MinSeeds {MinSeeds} / MaxSeeds {MaxSeeds}.";
            if (ContinuationShare != 0)
                yield return "Continues together with ContinuationShare: a continuation spends what its earlier attempt kept back and keeps nothing itself; remove ContinuationShare.";
        }
        if (MinSeeds < 2)
            yield return $"MinSeeds = {MinSeeds}: a claim needs at least 2 seeds per arm to estimate variance; use 5 or more.";
        if (MaxSeeds < MinSeeds)
            yield return $"MaxSeeds = {MaxSeeds} is below MinSeeds = {MinSeeds}: set MaxSeeds ≥ MinSeeds (equal for a fixed number of seeds).";
        if (Batch < 1)
            yield return $"Batch = {Batch}: seeds are added at least one at a time; use Batch ≥ 1.";
        if (Spending is { } spending && !Enum.IsDefined(spending))
            yield return $"Spending = {(int)spending} is not a spending function: use SpendingFunction.OBrienFleming or SpendingFunction.Pocock.";
        else if (Spending is { } declared && MaxSeeds == MinSeeds)
            yield return $"Spending = {declared} applies to a sequential claim, but this one runs a fixed {MinSeeds} seeds per arm (one look at α): "
                         + "remove Spending, or declare MinSeeds, MaxSeeds > MinSeeds and Batch to add seeds look by look.";
    }

    /// <summary>The design in words, e.g. "5 seeds per arm" or "sequential, 3 to 15 seeds per arm by 3, Pocock spending".</summary>
    public string Design() => (IsSequential
        ? $"sequential, {MinSeeds} to {MaxSeeds} seeds per arm by {Batch}, {SpendingName(SpendingUsed)} spending"
        : $"{MinSeeds} seeds per arm") + (FirstSeed != 0 ? $", seeds from {FirstSeed}" : "");

    /// <summary>The name a report prints for a spending function.</summary>
    public static string SpendingName(SpendingFunction spending) => spending switch
    {
        SpendingFunction.OBrienFleming => "O'Brien–Fleming",
        SpendingFunction.Pocock => "Pocock",
        _ => spending.ToString(),
    };

    /// <summary>The seed counts at which the claim is looked at: MinSeeds, MinSeeds + Batch, …, MaxSeeds.</summary>
    public IReadOnlyList<int> Looks()
    {
        var looks = new List<int>();
        for (var n = MinSeeds; n < MaxSeeds; n += Math.Max(1, Batch)) looks.Add(n);
        looks.Add(MaxSeeds);
        return looks;
    }
}

/// <summary>
/// What a continuation combines with: the earlier attempt's seeds per arm at its last look, the size its continuation was
/// planned at when it was declared (which fixes the combination weights), its one-sided p-values, and the level it kept back.
/// </summary>
/// <param name="SeedsPerArm">Seeds per arm of the earlier attempt's last look.</param>
/// <param name="PlannedSeeds">Seeds per arm its continuation was planned at before any run (its MaxSeeds): the weights are √(n₁/(n₁ + planned)) and the rest.</param>
/// <param name="PSupport">The earlier attempt's p(for) at its last look.</param>
/// <param name="PRefute">The earlier attempt's p(against) at its last look.</param>
/// <param name="Level">α·share, the level the earlier attempt kept back: the combination is judged at it.</param>
public sealed record EarlierAttempt(int SeedsPerArm, int PlannedSeeds, double PSupport, double PRefute, double Level)
{
    /// <summary>w₁, the earlier attempt's weight in the inverse-normal combination.</summary>
    public double FirstWeight => CombinationTest.FirstWeight(SeedsPerArm, PlannedSeeds);

    /// <summary>
    /// The earlier attempt as its Inconclusive message prints it, the text <c>[Claim(Continues = "…")]</c> takes:
    /// <c>10 of 10 seeds, p(for) 0.083, p(against) 0.917, level 0.01</c> (p-values and level in round-trip precision).
    /// </summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{SeedsPerArm} of {PlannedSeeds} seeds, p(for) {PSupport:R}, p(against) {PRefute:R}, level {Level:R}");

    /// <summary>Reads the text <see cref="ToString"/> writes; null with the problem named when it is not that text.</summary>
    public static EarlierAttempt? Parse(string text, out string? problem)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text,
            @"^\s*(?<seeds>\d+) of (?<planned>\d+) seeds, p\(for\) (?<for>[^,\s]+), p\(against\) (?<against>[^,\s]+), level (?<level>\S+)\s*$");
        const System.Globalization.NumberStyles Number = System.Globalization.NumberStyles.Float;
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (match.Success
            && int.TryParse(match.Groups["seeds"].Value, invariant, out var seeds)
            && int.TryParse(match.Groups["planned"].Value, invariant, out var planned)
            && double.TryParse(match.Groups["for"].Value, Number, invariant, out var pFor)
            && double.TryParse(match.Groups["against"].Value, Number, invariant, out var pAgainst)
            && double.TryParse(match.Groups["level"].Value, Number, invariant, out var level))
        {
            problem = null;
            return new EarlierAttempt(seeds, planned, pFor, pAgainst, level);
        }
        problem = $"Continues = \"{text}\" is not an earlier attempt: copy the text the earlier attempt's Inconclusive message prints, "
                  + "e.g. Continues = \"10 of 10 seeds, p(for) 0.083, p(against) 0.917, level 0.01\".";
        return null;
    }

    /// <summary>Problems with these numbers, each naming the fix.</summary>
    public IEnumerable<string> Problems(double alpha)
    {
        if (SeedsPerArm < 2 || PlannedSeeds < 1)
            yield return $"Continues: SeedsPerArm = {SeedsPerArm}, PlannedSeeds = {PlannedSeeds}: copy them from the earlier attempt's Inconclusive message (its last look's seeds and its MaxSeeds).";
        if (!(PSupport >= 0 && PSupport <= 1) || !(PRefute >= 0 && PRefute <= 1))
            yield return $"Continues: p(for) = {PSupport}, p(against) = {PRefute} are not p-values in [0, 1]: copy them from the earlier attempt's Inconclusive message.";
        if (!(Level > 0 && Level <= alpha))
            yield return $"Continues: Level = {Level} must lie in (0, α = {alpha}]: it is α·ContinuationShare of the earlier attempt, printed in its Inconclusive message.";
    }
}
