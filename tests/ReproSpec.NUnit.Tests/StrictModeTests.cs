using NUnit.Framework.Interfaces;
using ReproSpec.KnownVerdicts;

namespace ReproSpec.NUnit.Tests;

[NonParallelizable]
public class StrictModeTests
{
    [Test]
    public void In_strict_mode_an_inconclusive_claim_fails_with_the_reason_and_the_seeds_that_would_decide_it()
    {
        var previous = Environment.GetEnvironmentVariable("REPROSPEC_STRICT");
        Environment.SetEnvironmentVariable("REPROSPEC_STRICT", "1");
        try
        {
            var results = FixtureRunner.Run(typeof(KnownVerdictClaims));
            var inconclusive = results[nameof(KnownVerdictClaims.Inconclusive_beats)];
            var supported = results[nameof(KnownVerdictClaims.Supported_beats)];
            Assert.Multiple(() =>
            {
                Assert.That(inconclusive.ResultState, Is.EqualTo(ResultState.Failure));
                Assert.That(inconclusive.Message, Does.StartWith("Inconclusive in strict mode (REPROSPEC_STRICT)"));
                Assert.That(inconclusive.Message, Does.Contain("fresh seeds per arm would give 80 % power").And.Contain("if the true effect equalled the observed one"));
                Assert.That(supported.ResultState.Status, Is.EqualTo(TestStatus.Passed));
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable("REPROSPEC_STRICT", previous);
        }
    }
}
