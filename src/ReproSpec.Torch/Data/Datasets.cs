using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace ReproSpec.Torch.Data;

/// <summary>The vendored datasets (data/PROVENANCE.md), each read and hash-checked once per process.</summary>
public static class Datasets
{
    public const string Mnist10kName = "mnist10k";
    public const string DigitsName = "digits";
    public const string BreastCancerName = "breast_cancer";
    public const string WineName = "wine";
    public const string IrisName = "iris";

    static readonly DataFile MnistImages = new("mnist10k-images-idx3-ubyte.gz", "abcc779aee6cd3f92946cfb6951ba64699ce765fa3e37e5a7fa47df8532a27f1");
    static readonly DataFile MnistLabels = new("mnist10k-labels-idx1-ubyte.gz", "48eb714a227e9d8246c964f1acf8101a5ab149fb5c5352b595d5fb4793b20921");
    static readonly DataFile DigitsCsv = new("digits.csv.gz", "46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a");
    static readonly DataFile BreastCancerCsv = new("breast_cancer.csv", "fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed");
    static readonly DataFile WineCsv = new("wine_data.csv", "10e8a802908b34f86e5da8ce962f3c806694bc98450a18f61851af59f324bede");
    static readonly DataFile IrisCsv = new("iris.csv", "f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449");

    static readonly string[] DigitClassNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    static readonly Dictionary<string, (DataFile[] Files, Func<DataDirectory, LabelledDataset> Read)> Sources = new(StringComparer.OrdinalIgnoreCase)
    {
        [Mnist10kName] = ([MnistImages, MnistLabels], ReadMnist),
        [DigitsName] = ([DigitsCsv], ReadDigits),
        [BreastCancerName] = ([BreastCancerCsv], d => ReadTable(BreastCancerName, BreastCancerCsv, d)),
        [WineName] = ([WineCsv], d => ReadTable(WineName, WineCsv, d)),
        [IrisName] = ([IrisCsv], d => ReadTable(IrisName, IrisCsv, d)),
    };

    static readonly ConcurrentDictionary<(string Name, string Directory), Lazy<LabelledDataset>> Cache = new();

    /// <summary>Dataset names accepted by <see cref="Load(string)"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = [Mnist10kName, DigitsName, BreastCancerName, WineName, IrisName];

    /// <summary>10,000 MNIST digits, 28×28 grey levels 0–255 (unscaled), rows sorted by label.</summary>
    public static LabelledDataset Mnist10k() => Load(Mnist10kName);

    /// <summary>UCI optical digits: 1,797 examples of 8×8 = 64 values 0–16, 10 classes.</summary>
    public static LabelledDataset Digits() => Load(DigitsName);

    /// <summary>UCI Breast Cancer Wisconsin (Diagnostic): 569 × 30, malignant (0) or benign (1).</summary>
    public static LabelledDataset BreastCancer() => Load(BreastCancerName);

    /// <summary>UCI Wine: 178 × 13, 3 cultivars.</summary>
    public static LabelledDataset Wine() => Load(WineName);

    /// <summary>Fisher's Iris: 150 × 4, 3 species.</summary>
    public static LabelledDataset Iris() => Load(IrisName);

    /// <summary>A dataset by name, from <see cref="DataDirectory.Current"/>.</summary>
    public static LabelledDataset Load(string name) => Load(name, DataDirectory.Current());

    /// <summary>A dataset by name from a given folder; cached per folder, and a failed load is retried next time.</summary>
    public static LabelledDataset Load(string name, DataDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var source = SourceOf(name);
        var key = (name.ToLowerInvariant(), directory.Path);
        var lazy = Cache.GetOrAdd(key, _ => new Lazy<LabelledDataset>(() => source.Read(directory)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // Lazy keeps the exception: drop it so a fixed file is picked up without restarting the process.
            Cache.TryRemove(new KeyValuePair<(string, string), Lazy<LabelledDataset>>(key, lazy));
            throw;
        }
    }

    /// <summary>
    /// The dataset's fingerprint from the bytes of its files in <see cref="DataDirectory.Current"/>: the run key's data.
    /// A file whose bytes are not the published ones is a <see cref="DataFileException"/> here, before anything trains.
    /// </summary>
    public static string Fingerprint(string name) => Fingerprint(name, DataDirectory.Current());

    /// <summary>The dataset's fingerprint from the bytes of its files in <paramref name="directory"/> (hashed once per path, size and modification time).</summary>
    public static string Fingerprint(string name, DataDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var hashes = SourceOf(name).Files.Select(f => f.VerifiedSha256(directory)).ToList();
        return hashes.Count == 1
            ? hashes[0]
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(string.Join("\n", hashes))));
    }

    /// <summary>The files behind a dataset, with their expected SHA-256.</summary>
    public static IReadOnlyList<DataFile> FilesOf(string name) => SourceOf(name).Files;

    static (DataFile[] Files, Func<DataDirectory, LabelledDataset> Read) SourceOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Sources.TryGetValue(name, out var source)
            ? source
            : throw new ArgumentException($"Unknown dataset '{name}'; use one of {string.Join(", ", Names.Select(n => $"\"{n}\""))}.", nameof(name));
    }

    static LabelledDataset ReadMnist(DataDirectory directory)
    {
        var (imageShape, pixels) = IdxFormat.ReadUnsignedBytes(MnistImages.ReadVerified(directory), MnistImages.FileName, 3);
        var (labelShape, labelBytes) = IdxFormat.ReadUnsignedBytes(MnistLabels.ReadVerified(directory), MnistLabels.FileName, 1);
        if (imageShape[0] != labelShape[0])
            throw new DataFileException($"'{MnistImages.FileName}' holds {imageShape[0]} images but '{MnistLabels.FileName}' {labelShape[0]} labels.", MnistLabels.FileName);
        var labels = labelBytes.Select(b => (int)b).ToArray();
        TabularCsv.CheckLabels(labels, DigitClassNames.Length, MnistLabels.FileName);
        var features = new float[pixels.Length];
        for (var i = 0; i < pixels.Length; i++) features[i] = pixels[i];
        return new LabelledDataset(Mnist10kName, features, [imageShape[1], imageShape[2]], labels, DigitClassNames, Fingerprint(Mnist10kName, directory));
    }

    static LabelledDataset ReadDigits(DataDirectory directory)
    {
        var csv = IdxFormat.Decompress(DigitsCsv.ReadVerified(directory), DigitsCsv.FileName);
        var table = TabularCsv.ParseWithoutHeader(csv, DigitsCsv.FileName, 64);
        TabularCsv.CheckLabels(table.Labels, DigitClassNames.Length, DigitsCsv.FileName);
        return new LabelledDataset(DigitsName, table.Features, [64], table.Labels, DigitClassNames, Fingerprint(DigitsName, directory));
    }

    static LabelledDataset ReadTable(string name, DataFile file, DataDirectory directory)
    {
        var table = TabularCsv.ParseWithHeader(file.ReadVerified(directory), file.FileName);
        return new LabelledDataset(name, table.Features, [table.FeatureCount], table.Labels, table.ClassNames!, Fingerprint(name, directory));
    }
}
