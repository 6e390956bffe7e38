using System.Text;
using ReproSpec.Torch.Data;

namespace ReproSpec.Torch.Tests.Data;

/// <summary>
/// The shipped experiments' data fingerprint is the hash of the bytes on disk (issue 21): an edited file is a clear
/// error before anything trains, never a run key that still names the published hash, and never a remembered failure.
/// </summary>
public class DataFingerprintTests
{
    string folder = "";

    [SetUp]
    public void CreateFolder()
    {
        folder = Path.Combine(Path.GetTempPath(), "reprospec-fingerprint-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
    }

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    DataDirectory Folder => new(folder, "for this test");

    void CopyShipped(string name)
    {
        foreach (var file in Datasets.FilesOf(name))
            File.Copy(Path.Combine(AppContext.BaseDirectory, "data", file.FileName), Path.Combine(folder, file.FileName));
    }

    [Test]
    public void One_edited_csv_value_is_refused_before_training_and_the_restored_file_is_accepted_again()
    {
        CopyShipped(Datasets.WineName);
        var path = Path.Combine(folder, "wine_data.csv");
        var original = File.ReadAllText(path);
        var published = Datasets.FilesOf(Datasets.WineName)[0].Sha256;
        Assert.That(Datasets.Fingerprint(Datasets.WineName, Folder), Is.EqualTo(published), "the untouched file hashes to the published SHA-256");

        Assert.That(original, Does.Contain("14.23"));
        File.WriteAllText(path, original.Replace("14.23", "14.24", StringComparison.Ordinal));
        var error = Assert.Throws<DataFileException>(() => Datasets.Fingerprint(Datasets.WineName, Folder));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("'wine_data.csv'").And.Contain("expected " + published).And.Contain("Restore the original"));
            Assert.That(error.ActualSha256, Is.Not.EqualTo(published));
        });

        File.WriteAllText(path, original);
        Assert.That(Datasets.Fingerprint(Datasets.WineName, Folder), Is.EqualTo(published), "fixed, the file is accepted: no failure is remembered");
    }

    [Test]
    public void One_changed_mnist_byte_is_refused_before_training()
    {
        CopyShipped(Datasets.Mnist10kName);
        var before = Datasets.Fingerprint(Datasets.Mnist10kName, Folder);
        var path = Path.Combine(folder, "mnist10k-images-idx3-ubyte.gz");
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 1;
        File.WriteAllBytes(path, bytes);
        // Another modification time even on a file system with coarse timestamps: the cache is keyed by it.
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(5));
        var error = Assert.Throws<DataFileException>(() => Datasets.Fingerprint(Datasets.Mnist10kName, Folder));
        Assert.Multiple(() =>
        {
            Assert.That(before, Has.Length.EqualTo(64));
            Assert.That(error!.Message, Does.Contain("'mnist10k-images-idx3-ubyte.gz'").And.Contain("has SHA-256 " + error.ActualSha256));
        });
    }

    [Test]
    public void A_missing_file_is_refused_with_where_it_was_looked_for() =>
        Assert.That(() => Datasets.Fingerprint(Datasets.IrisName, Folder),
            Throws.TypeOf<DataFileException>().With.Message.Contains("not found: looked for " + Path.Combine(folder, "iris.csv")));

    [Test]
    public void The_experiments_fingerprint_is_the_hash_of_the_bytes_read()
    {
        CopyShipped(Datasets.IrisName);
        var bytes = File.ReadAllBytes(Path.Combine(folder, "iris.csv"));
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        Assert.Multiple(() =>
        {
            Assert.That(Datasets.Fingerprint(Datasets.IrisName, Folder), Is.EqualTo(hash));
            Assert.That(new ReproSpec.Torch.Experiments.TabularClassifier(Dataset: "iris").DataFingerprint, Is.EqualTo(hash), "the shipped copy has the same bytes");
            Assert.That(Encoding.ASCII.GetString(bytes), Does.StartWith("150,4,"));
        });
    }
}
