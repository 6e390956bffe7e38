using ReproSpec.Store;

namespace ReproSpec.Tests.Store;

/// <summary>
/// Where .reprospec/ goes without REPROSPEC_STORE. The build props' project-directory metadata is checked end to
/// end by ReproSpec.NUnit.Tests/RunIdentityMutationTests (a fixture built with its output outside the project).
/// </summary>
[NonParallelizable] // sets REPROSPEC_* variables, process-wide
public class WorkspaceRootTests
{
    string root = "";

    [SetUp]
    public void Create() => root = Directory.CreateTempSubdirectory("reprospec-workspace-").FullName;

    [TearDown]
    public void Delete() => Directory.Delete(root, recursive: true);

    [Test]
    public void Outside_git_it_is_the_project_directory_above_the_build_output_not_bin()
    {
        Assume.That(WorkspaceRoot.GitRoot(root), Is.Null, "the temp directory lies in a git repository");
        var project = Directory.CreateDirectory(Path.Combine(root, "MyClaims")).FullName;
        File.WriteAllText(Path.Combine(project, "MyClaims.csproj"), "<Project />");
        var output = Directory.CreateDirectory(Path.Combine(project, "bin", "Release", "net10.0")).FullName;
        Assert.Multiple(() =>
        {
            Assert.That(WorkspaceRoot.Of(output), Is.EqualTo(project));
            Assert.That(RunStoreRoot(output), Is.EqualTo(Path.Combine(project, ".reprospec", "store")));
        });
    }

    [Test]
    public void In_a_git_repository_it_is_the_repository_root()
    {
        Directory.CreateDirectory(Path.Combine(root, ".git"));
        var project = Directory.CreateDirectory(Path.Combine(root, "claims", "MyClaims")).FullName;
        File.WriteAllText(Path.Combine(project, "MyClaims.csproj"), "<Project />");
        var output = Directory.CreateDirectory(Path.Combine(project, "bin", "Debug", "net10.0")).FullName;
        Assert.That(WorkspaceRoot.Of(output), Is.EqualTo(root));
    }

    [Test]
    public void Without_a_project_file_above_it_is_the_directory_itself()
    {
        Assume.That(WorkspaceRoot.GitRoot(root), Is.Null, "the temp directory lies in a git repository");
        var loose = Directory.CreateDirectory(Path.Combine(root, "published")).FullName;
        Assume.That(Directory.GetFiles(Path.GetTempPath(), "*.csproj"), Is.Empty, "a project file in the temp directory itself");
        Assert.That(WorkspaceRoot.Of(loose), Is.EqualTo(loose));
    }

    static string RunStoreRoot(string start)
    {
        var saved = Environment.GetEnvironmentVariable("REPROSPEC_STORE");
        Environment.SetEnvironmentVariable("REPROSPEC_STORE", null);
        try
        {
            return RunStore.DefaultRoot(start);
        }
        finally
        {
            Environment.SetEnvironmentVariable("REPROSPEC_STORE", saved);
        }
    }
}
