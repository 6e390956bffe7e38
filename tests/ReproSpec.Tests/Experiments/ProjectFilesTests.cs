using ReproSpec.Experiments;

namespace ReproSpec.Tests.Experiments;

[NonParallelizable] // REPROSPEC_DATA is process-wide
public class ProjectFilesTests
{
    string folder = "";

    [SetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("reprospec-project-files-").FullName;

    [TearDown]
    public void RemoveFolder()
    {
        Environment.SetEnvironmentVariable(ProjectFiles.EnvironmentVariable, null);
        Directory.Delete(folder, recursive: true);
    }

    [Test]
    public void The_project_directory_is_found_above_the_build_output_without_the_build_props()
    {
        var project = ProjectFiles.ProjectDirectoryOf(typeof(ProjectFilesTests).Assembly);
        Assert.That(project, Is.Not.Null);
        Assert.That(File.Exists(Path.Combine(project!.Value.Directory, "ReproSpec.Tests.csproj")), Is.True, project.Value.Directory);
    }

    [Test]
    public void A_relative_path_resolves_in_the_claims_project_whatever_the_working_directory()
    {
        var previous = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(folder);
            var found = ProjectFiles.Find("Experiments/ProjectFilesTests.cs", typeof(ProjectFilesTests));
            Assert.That(found, Does.EndWith(Path.Combine("tests", "ReproSpec.Tests", "Experiments", "ProjectFilesTests.cs")));
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }

    [Test]
    public void REPROSPEC_DATA_is_looked_in_first()
    {
        File.WriteAllText(Path.Combine(folder, "ReproSpec.Tests.csproj"), "a stand-in");
        Environment.SetEnvironmentVariable(ProjectFiles.EnvironmentVariable, folder);
        Assert.That(ProjectFiles.Find("ReproSpec.Tests.csproj", typeof(ProjectFilesTests)), Is.EqualTo(Path.Combine(folder, "ReproSpec.Tests.csproj")));
    }

    [Test]
    public void A_missing_file_is_one_error_naming_every_place_looked()
    {
        Environment.SetEnvironmentVariable(ProjectFiles.EnvironmentVariable, folder);
        var e = Assert.Throws<ProjectFileNotFoundException>(() => ProjectFiles.Find("data/spirals.csv", typeof(ProjectFilesTests)))!;
        var project = ProjectFiles.ProjectDirectoryOf(typeof(ProjectFilesTests).Assembly)!.Value.Directory;
        Assert.Multiple(() =>
        {
            Assert.That(e.Looked, Has.Count.EqualTo(4));
            Assert.That(e.Message, Does.Contain(Path.Combine(folder, "spirals.csv")).And.Contain("in the data folder REPROSPEC_DATA names"));
            Assert.That(e.Message, Does.Contain(Path.Combine(folder, "data", "spirals.csv")).And.Contain("under REPROSPEC_DATA"));
            Assert.That(e.Message, Does.Contain(Path.Combine(project, "data", "spirals.csv")).And.Contain("in the claims project ReproSpec.Tests"));
            Assert.That(e.Message, Does.Contain(Path.Combine(TestContext.CurrentContext.TestDirectory, "data", "spirals.csv")).And.Contain("beside ReproSpec.Tests.dll"));
            Assert.That(e.Message, Does.Contain("set REPROSPEC_DATA"));
        });
    }
}
