using ReproSpec.Torch.Data;

namespace ReproSpec.Torch.Tests.Data;

/// <summary>Shapes, class counts and values as data/PROVENANCE.md and the UCI descriptions give them.</summary>
public class DatasetTests
{
    [Test]
    public void MNIST_has_10000_images_of_28_by_28_grey_levels()
    {
        var mnist = Datasets.Mnist10k();

        Assert.Multiple(() =>
        {
            Assert.That(mnist.Shape, Is.EqualTo(new long[] { 10_000, 28, 28 }));
            Assert.That(mnist.Features, Has.Length.EqualTo(10_000 * 784));
            Assert.That(mnist.Features.Min(), Is.Zero);
            Assert.That(mnist.Features.Max(), Is.EqualTo(255));
            Assert.That(mnist.Features.All(v => v == MathF.Floor(v)), Is.True, "IDX unsigned bytes are whole grey levels");
            Assert.That(mnist.ClassCount, Is.EqualTo(10));
        });
    }

    [Test]
    public void MNIST_class_counts_match_the_provenance_and_rows_are_sorted_by_label()
    {
        var mnist = Datasets.Mnist10k();

        Assert.Multiple(() =>
        {
            Assert.That(mnist.ClassCounts(), Is.EqualTo(new[] { 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978 }));
            // Why every split must be a seeded stratified shuffle: taking the last 20% would test on 8s and 9s only.
            Assert.That(mnist.Labels, Is.Ordered);
        });
    }

    [Test]
    public void MNIST_pixels_are_row_major_images()
    {
        var mnist = Datasets.Mnist10k();
        // Digits are centred in the 28x28 frame (LeCun et al.): the border rows and columns are almost always blank.
        double border = 0, centre = 0;
        for (var i = 0; i < mnist.Count; i++)
            for (var r = 0; r < 28; r++)
                for (var c = 0; c < 28; c++)
                {
                    var v = mnist.Features[i * 784 + r * 28 + c];
                    if (r == 0 || r == 27 || c == 0 || c == 27) border += v;
                    else if (r is >= 10 and < 18 && c is >= 10 and < 18) centre += v;
                }
        Assert.That(border, Is.LessThan(centre / 1000));
    }

    [Test]
    public void Digits_has_1797_rows_of_64_values_from_0_to_16()
    {
        var digits = Datasets.Digits();

        Assert.Multiple(() =>
        {
            Assert.That(digits.Shape, Is.EqualTo(new long[] { 1797, 64 }));
            Assert.That(digits.Features.Min(), Is.Zero);
            Assert.That(digits.Features.Max(), Is.EqualTo(16));
            Assert.That(digits.ClassCounts(), Is.EqualTo(new[] { 178, 182, 177, 183, 181, 182, 181, 179, 174, 180 }));
        });
    }

    [Test]
    public void Breast_cancer_has_569_rows_of_30_features_212_malignant_357_benign()
    {
        var data = Datasets.BreastCancer();

        Assert.Multiple(() =>
        {
            Assert.That(data.Shape, Is.EqualTo(new long[] { 569, 30 }));
            Assert.That(data.ClassNames, Is.EqualTo(new[] { "malignant", "benign" }));
            Assert.That(data.ClassCounts(), Is.EqualTo(new[] { 212, 357 }));
            // First row of the file: mean radius 17.99, mean texture 10.38, label malignant.
            Assert.That(data.Features[..2], Is.EqualTo(new[] { 17.99f, 10.38f }));
            Assert.That(data.Labels[0], Is.Zero);
        });
    }

    [Test]
    public void Wine_has_178_rows_of_13_features_in_3_classes()
    {
        var data = Datasets.Wine();

        Assert.Multiple(() =>
        {
            Assert.That(data.Shape, Is.EqualTo(new long[] { 178, 13 }));
            Assert.That(data.ClassCounts(), Is.EqualTo(new[] { 59, 71, 48 }));
            Assert.That(data.Features[12], Is.EqualTo(1065f), "proline of the first wine");
        });
    }

    [Test]
    public void Iris_has_150_rows_of_4_features_50_per_species()
    {
        var data = Datasets.Iris();

        Assert.Multiple(() =>
        {
            Assert.That(data.Shape, Is.EqualTo(new long[] { 150, 4 }));
            Assert.That(data.ClassNames, Is.EqualTo(new[] { "setosa", "versicolor", "virginica" }));
            Assert.That(data.ClassCounts(), Is.EqualTo(new[] { 50, 50, 50 }));
            Assert.That(data.Features[..4], Is.EqualTo(new[] { 5.1f, 3.5f, 1.4f, 0.2f }));
        });
    }

    [Test]
    public void Each_dataset_is_loaded_once_per_process()
    {
        Assert.That(Datasets.Iris(), Is.SameAs(Datasets.Load("IRIS")));
    }

    [Test]
    public void Fingerprints_are_the_published_hashes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Datasets.Iris().Fingerprint, Is.EqualTo("f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449"));
            Assert.That(Datasets.Fingerprint(Datasets.WineName), Is.EqualTo("10e8a802908b34f86e5da8ce962f3c806694bc98450a18f61851af59f324bede"));
            // Two files: a hash of both published hashes, so either file changing changes the fingerprint.
            Assert.That(Datasets.Mnist10k().Fingerprint, Is.EqualTo(Datasets.Fingerprint(Datasets.Mnist10kName)).And.Length.EqualTo(64));
            Assert.That(Datasets.Names.Select(Datasets.Fingerprint).Distinct().Count(), Is.EqualTo(Datasets.Names.Count));
        });
    }

    [Test]
    public void An_unknown_dataset_name_lists_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => Datasets.Load("cifar10"));

        Assert.That(error!.Message, Does.Contain("Unknown dataset 'cifar10'").And.Contain("\"mnist10k\"").And.Contain("\"iris\""));
    }
}
