namespace ReproSpec.Torch.Data;

/// <summary>Examples with integer class labels: all features row-major in one float[], plus the shape of one example.</summary>
/// <remarks>
/// Datasets are cached and shared by every run in the process: never write to <see cref="Features"/> or
/// <see cref="Labels"/>. Every operation here returns a new dataset.
/// </remarks>
public sealed class LabelledDataset
{
    public LabelledDataset(string name, float[] features, int[] sampleShape, int[] labels, IReadOnlyList<string> classNames, string fingerprint, int[]? rows = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(sampleShape);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        if (sampleShape.Length == 0 || sampleShape.Any(d => d <= 0))
            throw new ArgumentException($"Dataset '{name}': the shape of one example must have positive dimensions, got [{string.Join(", ", sampleShape)}].", nameof(sampleShape));
        var featureCount = sampleShape.Aggregate(1L, (a, d) => a * d);
        if (features.LongLength != featureCount * labels.Length)
            throw new ArgumentException($"Dataset '{name}': {labels.Length} labels × {featureCount} features needs {featureCount * labels.Length} values, got {features.LongLength}.", nameof(features));
        if (classNames.Count < 2)
            throw new ArgumentException($"Dataset '{name}': a classification dataset needs at least 2 classes, got {classNames.Count}.", nameof(classNames));
        foreach (var label in labels)
            if (label < 0 || label >= classNames.Count)
                throw new ArgumentException($"Dataset '{name}': label {label} is outside 0..{classNames.Count - 1}.", nameof(labels));
        if (rows is not null && rows.Length != labels.Length)
            throw new ArgumentException($"Dataset '{name}': {rows.Length} row numbers for {labels.Length} examples.", nameof(rows));

        Name = name;
        Features = features;
        SampleShape = sampleShape;
        Labels = labels;
        ClassNames = classNames;
        Fingerprint = fingerprint;
        Rows = rows ?? Enumerable.Range(0, labels.Length).ToArray();
        FeatureCount = (int)featureCount;
    }

    public string Name { get; }

    /// <summary>Count × <see cref="FeatureCount"/> values, example after example.</summary>
    public float[] Features { get; }

    /// <summary>The shape of one example, e.g. [28, 28] for MNIST or [30] for a table with 30 columns.</summary>
    public int[] SampleShape { get; }

    public int[] Labels { get; }
    public IReadOnlyList<string> ClassNames { get; }
    public int ClassCount => ClassNames.Count;

    /// <summary>SHA-256 of the source file(s): identical for every subset and scaling of the same data.</summary>
    public string Fingerprint { get; }

    /// <summary>For each example, its row number in the source file: says which examples a split selected.</summary>
    public int[] Rows { get; }

    public int Count => Labels.Length;
    public int FeatureCount { get; }

    /// <summary>[Count, ..SampleShape], ready for a tensor.</summary>
    public long[] Shape => [Count, .. SampleShape.Select(d => (long)d)];

    /// <summary>Examples per class, indexed by label.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[ClassCount];
        foreach (var label in Labels) counts[label]++;
        return counts;
    }

    /// <summary>
    /// Splits into train and test, keeping each class's share in both (largest-remainder rounding so the test
    /// set has exactly round(Count × testFraction) examples). The same seed gives the same split on every platform.
    /// </summary>
    public DatasetSplit StratifiedSplit(double testFraction, int seed)
    {
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, $"Dataset '{Name}': the test fraction must lie strictly between 0 and 1 (e.g. 0.2).");
        var testCount = (int)Math.Round(Count * testFraction, MidpointRounding.AwayFromZero);
        if (testCount == 0 || testCount == Count)
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction,
                $"Dataset '{Name}': a test fraction of {testFraction} of {Count} examples leaves the {(testCount == 0 ? "test" : "training")} set empty; choose a fraction that keeps both non-empty.");
        var (test, train) = StratifiedPick(testCount, new SeededShuffle(seed));
        return new DatasetSplit(SelectPositions(train), SelectPositions(test));
    }

    /// <summary>A seeded, stratified subset of <paramref name="count"/> examples (e.g. 2,000 of MNIST's 10,000 for a quick claim).</summary>
    public LabelledDataset StratifiedSample(int count, int seed)
    {
        if (count <= 0 || count > Count)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Dataset '{Name}' has {Count} examples; a sample must have between 1 and {Count}.");
        if (count == Count) return this;
        // Offset past every int seed so a sample and a split drawn with the same seed use unrelated streams.
        var (picked, _) = StratifiedPick(count, new SeededShuffle(seed + 0x1_0000_0000L));
        return SelectPositions(picked);
    }

    /// <summary>The examples at the given positions (0..Count-1), in that order.</summary>
    public LabelledDataset SelectPositions(IReadOnlyList<int> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var features = new float[(long)positions.Count * FeatureCount];
        var labels = new int[positions.Count];
        var rows = new int[positions.Count];
        for (var i = 0; i < positions.Count; i++)
        {
            var p = positions[i];
            if (p < 0 || p >= Count)
                throw new ArgumentOutOfRangeException(nameof(positions), p, $"Dataset '{Name}' has positions 0..{Count - 1}.");
            Array.Copy(Features, (long)p * FeatureCount, features, (long)i * FeatureCount, FeatureCount);
            labels[i] = Labels[p];
            rows[i] = Rows[p];
        }
        return new LabelledDataset(Name, features, SampleShape, labels, ClassNames, Fingerprint, rows);
    }

    /// <summary>The same examples with every feature multiplied by <paramref name="factor"/> (e.g. 1/255 for grey levels).</summary>
    public LabelledDataset Scaled(float factor) => WithFeatures(Features.Select(v => v * factor).ToArray());

    /// <summary>The same examples and labels with other feature values of the same shape.</summary>
    public LabelledDataset WithFeatures(float[] features) =>
        new(Name, features, SampleShape, Labels, ClassNames, Fingerprint, Rows);

    // Returns (picked, rest), both in ascending position order.
    (int[] Picked, int[] Others) StratifiedPick(int total, SeededShuffle shuffle)
    {
        var counts = ClassCounts();
        var quotas = Apportion(counts, total);
        var picked = new List<int>(total);
        var rest = new List<int>(Count - total);
        for (var c = 0; c < ClassCount; c++)
        {
            var positions = new int[counts[c]];
            var k = 0;
            for (var i = 0; i < Count; i++)
                if (Labels[i] == c) positions[k++] = i;
            shuffle.ShuffleInPlace(positions.AsSpan());
            picked.AddRange(positions.Take(quotas[c]));
            rest.AddRange(positions.Skip(quotas[c]));
        }
        picked.Sort();
        rest.Sort();
        return (picked.ToArray(), rest.ToArray());
    }

    /// <summary>Largest-remainder apportionment of <paramref name="total"/> over classes, in integers only.</summary>
    internal static int[] Apportion(int[] counts, int total)
    {
        long all = counts.Sum(c => (long)c);
        var quotas = new int[counts.Length];
        var remainders = new long[counts.Length];
        for (var c = 0; c < counts.Length; c++)
        {
            quotas[c] = (int)((long)counts[c] * total / all);
            remainders[c] = (long)counts[c] * total % all;
        }
        var left = total - quotas.Sum();
        foreach (var c in Enumerable.Range(0, counts.Length).OrderByDescending(c => remainders[c]).ThenBy(c => c).Take(left))
            quotas[c]++;
        return quotas;
    }
}

/// <summary>A training set and a held-out test set drawn from the same data.</summary>
public sealed record DatasetSplit(LabelledDataset Train, LabelledDataset Test)
{
    /// <summary>Both sets standardised with the training set's per-feature mean and deviation (the test set is never looked at).</summary>
    public DatasetSplit Standardised()
    {
        var standardiser = Standardiser.Fit(Train);
        return new DatasetSplit(standardiser.Apply(Train), standardiser.Apply(Test));
    }

    /// <summary>Both sets with every feature multiplied by <paramref name="factor"/>.</summary>
    public DatasetSplit Scaled(float factor) => new(Train.Scaled(factor), Test.Scaled(factor));
}
