namespace ReproSpec.Claims;

/// <summary>
/// The paper a claim tests and the numbers it reports, for the claim's reproducibility card. Put it on the claim
/// method (or on the class, for every claim in it), before its <c>[Claim]</c> attribute; it is documentation, not part
/// of the pre-registered design, so it may be corrected after a result.
/// </summary>
/// <example>
/// <code>
/// [Paper("LeCun et al. 1998, Proc. IEEE 86(11), Sec. III.C and Fig. 9", Reported = "full MNIST: 300-unit net 4.7 % error, linear 12.0 %")]
/// [Competitor("LDA, leave-one-out", "98.9 %", Source = "Aeberhard et al. 1992, via UCI wine.names")]
/// [Claim(Seeds = 10, FirstSeed = 2000)]
/// public void Mlp_beats_linear_classifier_by_3pp() => Claim.That(Mlp).Beats(Linear).On("test_accuracy").ByAtLeast(0.03);
/// </code>
/// </example>
/// <param name="citation">Authors, year, venue and the exact place: section, table or figure.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class PaperAttribute(string citation) : Attribute
{
    public string Citation { get; } = citation;

    /// <summary>What the paper reports at that place, in its own setting (numbers with their spread and n when given).</summary>
    public string? Reported { get; set; }
}

/// <summary>A competitor's reported number the card shows beside the claim's own figures (one attribute per competitor).</summary>
/// <param name="method">The competing method or setting.</param>
/// <param name="reported">Its reported number, with spread and n when given.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class CompetitorAttribute(string method, string reported) : Attribute
{
    public string Method { get; } = method;
    public string Reported { get; } = reported;

    /// <summary>Where the number is published.</summary>
    public string? Source { get; set; }
}
