namespace ReproSpec.Torch.Data;

/// <summary>Per-feature mean and standard deviation measured on a training set, applied unchanged to any set.</summary>
public sealed class Standardiser
{
    readonly float[] mean;
    readonly float[] scale;

    Standardiser(float[] mean, float[] scale)
    {
        this.mean = mean;
        this.scale = scale;
    }

    public IReadOnlyList<float> Mean => mean;

    /// <summary>The population standard deviation, or 1 for a constant feature (which then maps to 0).</summary>
    public IReadOnlyList<float> Scale => scale;

    public static Standardiser Fit(LabelledDataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        var d = train.FeatureCount;
        var sum = new double[d];
        var sumOfSquares = new double[d];
        for (var i = 0; i < train.Count; i++)
            for (var f = 0; f < d; f++)
            {
                double v = train.Features[(long)i * d + f];
                sum[f] += v;
            }
        var mean = new double[d];
        for (var f = 0; f < d; f++) mean[f] = sum[f] / train.Count;
        // Two passes: subtracting the mean first keeps the variance accurate for features far from zero.
        for (var i = 0; i < train.Count; i++)
            for (var f = 0; f < d; f++)
            {
                var centred = train.Features[(long)i * d + f] - mean[f];
                sumOfSquares[f] += centred * centred;
            }
        var scale = new float[d];
        for (var f = 0; f < d; f++)
        {
            var sd = Math.Sqrt(sumOfSquares[f] / train.Count);
            scale[f] = sd > 1e-12 ? (float)sd : 1f;
        }
        return new Standardiser(mean.Select(m => (float)m).ToArray(), scale);
    }

    public LabelledDataset Apply(LabelledDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureCount != mean.Length)
            throw new ArgumentException($"Standardiser was fitted on {mean.Length} features; dataset '{data.Name}' has {data.FeatureCount}.", nameof(data));
        var d = data.FeatureCount;
        var values = new float[data.Features.LongLength];
        for (long i = 0; i < values.LongLength; i++)
        {
            var f = (int)(i % d);
            values[i] = (data.Features[i] - mean[f]) / scale[f];
        }
        return data.WithFeatures(values);
    }
}
