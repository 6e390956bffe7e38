using ReproSpec.Provenance;

namespace ReproSpec.Tests.Provenance;

/// <summary>
/// The command-line tool loads ReproSpec from its own folder (a project there), a package user's test host from the
/// claims folder (a package there): the claims folder's deps file must decide, or the two compute different run keys.
/// </summary>
[NonParallelizable]
public class AssemblyOriginTests
{
    [Test]
    public void The_claims_folders_deps_file_classifies_an_assembly_loaded_from_elsewhere()
    {
        var engine = typeof(ReproSpec.Claims.Claim).Assembly;
        Assert.That(AssemblyOrigin.Of(engine).Kind, Is.EqualTo(OriginKind.Code), "in this test project ReproSpec is a project reference");
        var claims = Directory.CreateTempSubdirectory("reprospec-origin-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(claims, "UserClaims.deps.json"), """
                {
                  "targets": { ".NETCoreApp,Version=v10.0": {
                    "UserClaims/1.0.0": { "dependencies": { "ReproSpec": "9.9.9" }, "runtime": { "UserClaims.dll": {} } },
                    "ReproSpec/9.9.9": { "dependencies": { "MathNet.Numerics": "5.0.0" }, "runtime": { "lib/net10.0/ReproSpec.dll": {} } },
                    "MathNet.Numerics/5.0.0": { "runtime": { "lib/net6.0/MathNet.Numerics.dll": {} } }
                  } },
                  "libraries": {
                    "UserClaims/1.0.0": { "type": "project" },
                    "ReproSpec/9.9.9": { "type": "package" },
                    "MathNet.Numerics/5.0.0": { "type": "package" }
                  }
                }
                """);
            AssemblyOrigin.UseClaimsDirectory(claims);
            var origin = AssemblyOrigin.Of(engine);
            Assert.That((origin.Kind, origin.Package), Is.EqualTo((OriginKind.Package, "ReproSpec/9.9.9")));
            Assert.That(AssemblyOrigin.WithDependencies(engine, ["ReproSpec/9.9.9"]), Does.Contain("MathNet.Numerics/5.0.0"),
                "the package's dependencies come from the claims folder's deps file too");
        }
        finally
        {
            AssemblyOrigin.UseClaimsDirectory(null);
            Directory.Delete(claims, recursive: true);
        }
        Assert.That(AssemblyOrigin.Of(engine).Kind, Is.EqualTo(OriginKind.Code), "forgetting the claims folder restores the test project's own classification");
    }
}
