using System.Reflection;
using NetArchTest.Rules;

namespace ReproSpec.Tests.Architecture;

/// <summary>What ships in ReproSpec.dll: the engine, not the simulations that check it (issue #23).</summary>
public class ProductAssemblyTests
{
    static readonly Assembly Engine = typeof(ReproSpec.Claims.Claim).Assembly;

    /// <summary>
    /// Calibration and claim simulations belong to tests/ReproSpec.Simulation. SimulatedLevels stays: sequential designs
    /// look up their simulated nominal levels at run time.
    /// </summary>
    [Test]
    public void The_engine_ships_no_simulation_or_calibration_code()
    {
        var result = Types.InAssembly(Engine)
            .That().HaveNameMatching("Simulat|Calibrat")
            .And().DoNotHaveName("SimulatedLevels")
            .GetTypes().Select(t => t.FullName).ToList();
        Assert.That(result, Is.Empty, "test-support simulations live in tests/ReproSpec.Simulation, not in the packed engine");
    }

    [Test]
    public void The_rule_sees_the_types_it_guards()
    {
        var kept = Types.InAssembly(Engine).That().HaveNameMatching("Simulat").GetTypes().Select(t => t.Name).ToList();
        Assert.That(kept, Does.Contain("SimulatedLevels"), "the name rule must match the engine's types, or the test above proves nothing");
        var moved = Types.InAssembly(typeof(ReproSpec.Simulation.ClaimSimulation).Assembly).That().HaveNameMatching("Simulat|Calibrat").GetTypes().Select(t => t.Name);
        Assert.That(moved, Is.SupersetOf(new[] { "Calibration", "ClaimCalibration", "ClaimSimulation", "SimulatedRun" }));
    }
}
