using ReproSpec.Torch.Data;

namespace ReproSpec.Torch.Tests.Data;

/// <summary>Loaders refuse missing or altered files with a message that names the file, the hashes and the fix.</summary>
public class DataFileTests
{
    string folder = "";

    [SetUp]
    public void CreateFolder()
    {
        folder = Path.Combine(Path.GetTempPath(), "reprospec-data-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    static string Shipped(string fileName) => Path.Combine(AppContext.BaseDirectory, "data", fileName);

    DataDirectory Folder => new(folder, "for this test");

    [Test]
    public void An_altered_file_is_refused_with_both_hashes_and_the_fix()
    {
        var bytes = File.ReadAllBytes(Shipped("iris.csv"));
        bytes[^3] ^= 1; // one changed digit in the last row
        File.WriteAllBytes(Path.Combine(folder, "iris.csv"), bytes);

        var error = Assert.Throws<DataFileException>(() => Datasets.Load(Datasets.IrisName, Folder));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("'iris.csv'"));
            Assert.That(error.Message, Does.Contain(Path.Combine(folder, "iris.csv")));
            Assert.That(error.Message, Does.Contain("expected f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449"));
            Assert.That(error.Message, Does.Contain("has SHA-256 " + error.ActualSha256));
            Assert.That(error.ActualSha256, Is.Not.EqualTo(error.ExpectedSha256).And.Length.EqualTo(64));
            Assert.That(error.Message, Does.Contain("Restore the original").And.Contain("REPROSPEC_DATA"));
        });
    }

    [Test]
    public void A_missing_file_is_reported_with_where_it_was_looked_for_and_the_fix()
    {
        var error = Assert.Throws<DataFileException>(() => Datasets.Load(Datasets.WineName, Folder));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("'wine_data.csv' not found"));
            Assert.That(error.Message, Does.Contain(Path.Combine(folder, "wine_data.csv")));
            Assert.That(error.Message, Does.Contain("references ReproSpec.Torch").And.Contain("REPROSPEC_DATA"));
            Assert.That(error.FilePath, Is.EqualTo(Path.Combine(folder, "wine_data.csv")));
        });
    }

    [Test]
    public void One_altered_MNIST_file_fails_the_whole_dataset()
    {
        File.Copy(Shipped("mnist10k-images-idx3-ubyte.gz"), Path.Combine(folder, "mnist10k-images-idx3-ubyte.gz"));
        File.WriteAllBytes(Path.Combine(folder, "mnist10k-labels-idx1-ubyte.gz"), File.ReadAllBytes(Shipped("mnist10k-labels-idx1-ubyte.gz"))[..50]);

        var error = Assert.Throws<DataFileException>(() => Datasets.Load(Datasets.Mnist10kName, Folder));

        Assert.That(error!.Message, Does.Contain("'mnist10k-labels-idx1-ubyte.gz'").And.Contain("expected 48eb714a"));
    }

    [Test]
    public void A_failed_load_is_not_cached_so_a_restored_file_is_used()
    {
        var target = Path.Combine(folder, "iris.csv");
        File.WriteAllText(target, "150,4,setosa,versicolor,virginica\n");
        Assert.Throws<DataFileException>(() => Datasets.Load(Datasets.IrisName, Folder));

        File.Copy(Shipped("iris.csv"), target, overwrite: true);

        Assert.That(Datasets.Load(Datasets.IrisName, Folder).Count, Is.EqualTo(150));
    }

    [Test]
    public void REPROSPEC_DATA_names_the_folder_to_read_from()
    {
        var chosen = DataDirectory.Resolve(folder, [Path.Combine(AppContext.BaseDirectory, "data")]);

        Assert.Multiple(() =>
        {
            Assert.That(chosen.Path, Is.EqualTo(Path.GetFullPath(folder)));
            Assert.That(chosen.Origin, Does.Contain("REPROSPEC_DATA"));
        });
    }

    [Test]
    public void REPROSPEC_DATA_pointing_nowhere_is_an_error_naming_the_variable()
    {
        var nowhere = Path.Combine(folder, "does-not-exist");

        var error = Assert.Throws<DataFileException>(() => DataDirectory.Resolve(nowhere, [Path.Combine(AppContext.BaseDirectory, "data")]));

        Assert.That(error!.Message, Does.Contain("REPROSPEC_DATA is set to '" + nowhere + "'").And.Contain("no folder exists there"));
    }

    [Test]
    public void Without_REPROSPEC_DATA_the_first_existing_folder_beside_the_application_is_used()
    {
        var missing = Path.Combine(folder, "missing");
        var present = Path.Combine(AppContext.BaseDirectory, "data");

        var chosen = DataDirectory.Resolve(null, [missing, present]);

        Assert.That(chosen.Path, Is.EqualTo(Path.GetFullPath(present)));
    }

    [Test]
    [NonParallelizable]
    public void The_environment_variable_is_read_by_Current()
    {
        var before = Environment.GetEnvironmentVariable(DataDirectory.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DataDirectory.EnvironmentVariable, folder);
            Assert.That(DataDirectory.Current().Path, Is.EqualTo(Path.GetFullPath(folder)));
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataDirectory.EnvironmentVariable, before);
        }
    }

    [Test]
    public void The_build_output_holds_every_data_file_with_its_published_hash()
    {
        // ReproSpec.Torch copies data/ into the output of projects that reference it.
        foreach (var name in Datasets.Names)
            foreach (var file in Datasets.FilesOf(name))
                Assert.DoesNotThrow(() => file.ReadVerified(new DataDirectory(Path.Combine(AppContext.BaseDirectory, "data"), "in the build output")), file.FileName);
    }
}
