using System.Globalization;
using System.Text;

namespace ReproSpec.Torch.Data;

/// <summary>Parses the scikit-learn CSV layout: optional "n_samples,n_features,class names..." line, then features and a final integer label per row.</summary>
internal static class TabularCsv
{
    public sealed record Table(float[] Features, int[] Labels, int FeatureCount, string[]? ClassNames);

    /// <summary>The header gives sample count, feature count and class names; every row is checked against it.</summary>
    public static Table ParseWithHeader(byte[] bytes, string fileName)
    {
        var lines = Lines(bytes);
        if (lines.Count == 0)
            throw new DataFileException($"'{fileName}' is empty; expected a header line \"n_samples,n_features,class names...\".", fileName);
        var header = lines[0].Split(',');
        if (header.Length < 3
            || !int.TryParse(header[0], NumberStyles.None, CultureInfo.InvariantCulture, out var samples)
            || !int.TryParse(header[1], NumberStyles.None, CultureInfo.InvariantCulture, out var features))
            throw new DataFileException(
                $"'{fileName}' line 1 is \"{lines[0]}\"; expected \"n_samples,n_features,class names...\".", fileName);
        var rows = ParseRows(lines, 1, fileName, features);
        if (rows.Labels.Length != samples)
            throw new DataFileException($"'{fileName}' declares {samples} samples in its header but has {rows.Labels.Length} rows.", fileName);
        var classNames = header[2..];
        CheckLabels(rows.Labels, classNames.Length, fileName);
        return rows with { ClassNames = classNames };
    }

    /// <summary>No header: the feature count is fixed by the caller.</summary>
    public static Table ParseWithoutHeader(byte[] bytes, string fileName, int featureCount) =>
        ParseRows(Lines(bytes), 0, fileName, featureCount);

    public static void CheckLabels(int[] labels, int classCount, string fileName)
    {
        for (var i = 0; i < labels.Length; i++)
            if (labels[i] < 0 || labels[i] >= classCount)
                throw new DataFileException($"'{fileName}' row {i + 1} has label {labels[i]}; expected 0..{classCount - 1}.", fileName);
    }

    static Table ParseRows(List<string> lines, int first, string fileName, int featureCount)
    {
        var rowCount = lines.Count - first;
        var features = new float[(long)rowCount * featureCount];
        var labels = new int[rowCount];
        for (var r = 0; r < rowCount; r++)
        {
            var lineNumber = first + r + 1;
            var fields = lines[first + r].Split(',');
            if (fields.Length != featureCount + 1)
                throw new DataFileException(
                    $"'{fileName}' line {lineNumber} has {fields.Length} fields; expected {featureCount} features and a label.", fileName);
            for (var f = 0; f < featureCount; f++)
                if (!float.TryParse(fields[f], NumberStyles.Float, CultureInfo.InvariantCulture, out features[(long)r * featureCount + f]))
                    throw new DataFileException($"'{fileName}' line {lineNumber} field {f + 1} is \"{fields[f]}\", not a number.", fileName);
            // Some exports write labels as "1.0": accept any number that is a whole one.
            if (!double.TryParse(fields[featureCount], NumberStyles.Float, CultureInfo.InvariantCulture, out var label) || label != Math.Floor(label))
                throw new DataFileException($"'{fileName}' line {lineNumber} has label \"{fields[featureCount]}\"; expected a class number.", fileName);
            labels[r] = (int)label;
        }
        return new Table(features, labels, featureCount, null);
    }

    static List<string> Lines(byte[] bytes)
    {
        var lines = new List<string>();
        using var reader = new StringReader(Encoding.UTF8.GetString(bytes));
        while (reader.ReadLine() is { } line)
            if (line.Trim().Length > 0) lines.Add(line.Trim());
        return lines;
    }
}
