using ReproSpec.Claims;
using ReproSpec.NUnit;

namespace ReproSpec.Identity.Fixture;

/// <summary>One claim per experiment, 3 seeds each. No [TestFixture]: the imported build props make this a test assembly.</summary>
public class IdentityClaims
{
    [Claim(Seeds = 3, Snapshot = false)]
    public void Local_helper() => Claim.That(new UsesLocalHelper()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Other_project() => Claim.That(new UsesOtherProject()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Model_class() => Claim.That(new UsesModel()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Data_loader() => Claim.That(new UsesDataLoader()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Evaluation_code() => Claim.That(new UsesEvaluation()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Package_version() => Claim.That(new UsesPackage()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Helper_that_throws() => Claim.That(new UsesGuard()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Partly_failing() => Claim.That(new UsesPartlyFailing()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Static_abstract() => Claim.That(new UsesStaticAbstract()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void New_t() => Claim.That(new UsesNewT()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Typeof() => Claim.That(new UsesTypeof()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Attribute_argument() => Claim.That(new UsesAttribute()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Module_initializer() => Claim.That(new UsesModuleInitializer()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Reflection_by_name() => Claim.That(new UsesReflection()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Environment_variable() => Claim.That(new UsesEnvironment()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Computed_environment_variable() => Claim.That(new UsesComputedEnvironment()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Threads() => Claim.That(new UsesThreads()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Static_initializer() => Claim.That(new UsesStaticInitializer()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Delegate() => Claim.That(new UsesDelegate()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Constant() => Claim.That(new UsesConst()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Getter() => Claim.That(new UsesGetter()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Catch() => Claim.That(new UsesCatch()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Generic_argument() => Claim.That(new UsesGenericArgument()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Struct_interface() => Claim.That(new UsesStructInterface()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Parameter() => Claim.That(new UsesParameter(0.01)).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Data_file() => Claim.That(new UsesDataFile()).On("score").IsAtLeast(0.5);
}
