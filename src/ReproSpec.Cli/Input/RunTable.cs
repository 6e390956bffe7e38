using System.Globalization;
using System.Text;
using ReproSpec.Cli.Commands;

namespace ReproSpec.Cli.Input;

/// <summary>One metric column of a CSV of runs (one row per run), with the optional `seed` column that pairs runs.</summary>
public sealed record RunTable(string File, string Metric, double[] Values, int[]? Seeds)
{
    public const string SeedColumn = "seed";

    /// <summary>Reads <paramref name="metric"/> (and `seed`, if present) from a CSV file with a header row, one line at a time.</summary>
    /// <exception cref="BadInputException">The file is missing or empty, lacks the column, or has a cell that is not a finite number.</exception>
    /// <remarks>Only the metric column (8 bytes a row) and the seeds (4 bytes a row) are kept, never the file's text.</remarks>
    public static RunTable Read(string path, string metric)
    {
        if (!System.IO.File.Exists(path)) throw new BadInputException($"{path}: file not found.");
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        return Parse(path, reader, metric);
    }

    /// <summary>Parses CSV <paramref name="text"/>; <paramref name="file"/> names it in error messages.</summary>
    public static RunTable Parse(string file, string text, string metric)
    {
        using var reader = new StringReader(text);
        return Parse(file, reader, metric);
    }

    /// <summary>Parses CSV lines from <paramref name="reader"/> as they come; <paramref name="file"/> names it in error messages.</summary>
    public static RunTable Parse(string file, TextReader reader, string metric)
    {
        var header = reader.ReadLine()?.TrimStart('\uFEFF') ?? "";
        if (string.IsNullOrWhiteSpace(header))
            throw new BadInputException($"{file}: the file is empty; expected a header row naming the columns (e.g. seed,{metric}) and one row per run.");
        var columns = Cells(header, file, 1).Select(c => c.Trim()).ToArray();
        var metricIndex = Array.FindIndex(columns, c => string.Equals(c, metric, StringComparison.Ordinal));
        if (metricIndex < 0)
        {
            var hint = columns.FirstOrDefault(c => string.Equals(c, metric, StringComparison.OrdinalIgnoreCase)) is { } near ? $" (did you mean '{near}'? names are case-sensitive)" : "";
            throw new BadInputException($"{file}: no column '{metric}'{hint}; the header has: {string.Join(", ", columns)}.");
        }
        var seedIndex = Array.FindIndex(columns, c => string.Equals(c, SeedColumn, StringComparison.Ordinal));
        var values = new List<double>();
        var seeds = new List<int>();
        var line = 1;
        for (var raw = reader.ReadLine(); raw is not null; raw = reader.ReadLine())
        {
            line++;
            if (string.IsNullOrWhiteSpace(raw)) continue;
            var row = values.Count + 1;
            if (!raw.Contains('"'))
            {
                // Unquoted lines (nearly all): cut the two cells out of the line without allocating the others.
                var (count, metricCell, seedCell) = Unquoted(raw, metricIndex, seedIndex);
                if (count != columns.Length)
                    throw new BadInputException($"{file}: row {row} (line {line}) has {count} cells but the header has {columns.Length} columns.");
                values.Add(Number(raw.AsSpan()[metricCell], file, row, line, metric));
                if (seedIndex >= 0) seeds.Add(Seed(raw.AsSpan()[seedCell], file, row, line));
                continue;
            }
            var cells = Cells(raw, file, line);
            if (cells.Count != columns.Length)
                throw new BadInputException($"{file}: row {row} (line {line}) has {cells.Count} cells but the header has {columns.Length} columns.");
            values.Add(Number(cells[metricIndex], file, row, line, metric));
            if (seedIndex >= 0) seeds.Add(Seed(cells[seedIndex], file, row, line));
        }
        if (values.Count == 0)
            throw new BadInputException($"{file}: no data rows under the header; expected one row per run.");
        return new RunTable(file, metric, values.ToArray(), seedIndex >= 0 ? seeds.ToArray() : null);
    }

    /// <summary>The number of cells of a line without quotes, and its cells at the two indices (empty when absent).</summary>
    static (int Count, Range Metric, Range Seed) Unquoted(string line, int metricIndex, int seedIndex)
    {
        Range metric = default, seed = default;
        int count = 0, start = 0;
        while (true)
        {
            var comma = line.IndexOf(',', start);
            var end = comma < 0 ? line.Length : comma;
            if (count == metricIndex) metric = start..end;
            if (count == seedIndex) seed = start..end;
            count++;
            if (comma < 0) return (count, metric, seed);
            start = comma + 1;
        }
    }

    static double Number(ReadOnlySpan<char> cell, string file, int row, int line, string column)
    {
        var text = cell.Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new BadInputException($"{file}: row {row} (line {line}), column '{column}': '{text}' is not a number.");
        if (!double.IsFinite(value))
            throw new BadInputException($"{file}: row {row} (line {line}), column '{column}': '{text}' is not a finite number; drop diverged runs or report them separately.");
        return value;
    }

    static int Seed(ReadOnlySpan<char> cell, string file, int row, int line)
    {
        var text = cell.Trim();
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
            throw new BadInputException($"{file}: row {row} (line {line}), column '{SeedColumn}': '{text}' is not an integer seed.");
        return seed;
    }

    /// <summary>Splits one CSV line (RFC 4180 quoting: "a, b" is one cell, "" is a quote inside quotes).</summary>
    static List<string> Cells(string line, string file, int lineNumber)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }
        if (quoted) throw new BadInputException($"{file}: line {lineNumber} has an unclosed quote.");
        cells.Add(cell.ToString());
        return cells;
    }

    /// <summary>The values of both tables in matching seed order; an error names the seeds that do not match.</summary>
    /// <remarks>Sorts each table by seed and walks both (O(n log n), two arrays per table), so a million rows pair in well under a second.</remarks>
    public static (double[] A, double[] B, int[] Seeds) PairBySeed(RunTable a, RunTable b, string test)
    {
        var (seedsA, valuesA) = BySeed(a, test);
        var (seedsB, valuesB) = BySeed(b, test);
        List<int> onlyA = [], onlyB = [];
        int i = 0, j = 0;
        while (i < seedsA.Length || j < seedsB.Length)
        {
            if (j == seedsB.Length || (i < seedsA.Length && seedsA[i] < seedsB[j])) onlyA.Add(seedsA[i++]);
            else if (i == seedsA.Length || seedsB[j] < seedsA[i]) onlyB.Add(seedsB[j++]);
            else { i++; j++; }
        }
        if (onlyA.Count > 0 || onlyB.Count > 0)
        {
            var parts = new List<string>();
            if (onlyA.Count > 0) parts.Add($"seed(s) {Listed(onlyA)} only in {a.File}");
            if (onlyB.Count > 0) parts.Add($"seed(s) {Listed(onlyB)} only in {b.File}");
            throw new BadInputException($"{test} pairs runs by seed, but the seeds differ: {string.Join("; ", parts)}. Run the missing seeds or drop them from both files.");
        }
        return (valuesA, valuesB, seedsA);
    }

    static (int[] Seeds, double[] Values) BySeed(RunTable t, string test)
    {
        if (t.Seeds is null)
            throw new BadInputException($"{t.File}: {test} pairs runs by seed, but the file has no '{SeedColumn}' column; add one to both files or choose an unpaired test (e.g. --test welch).");
        var seeds = (int[])t.Seeds.Clone();
        var values = (double[])t.Values.Clone();
        Array.Sort(seeds, values);
        for (var i = 1; i < seeds.Length; i++)
        {
            if (seeds[i] != seeds[i - 1]) continue;
            var end = i;
            while (end < seeds.Length && seeds[end] == seeds[i]) end++;
            throw new BadInputException($"{t.File}: column '{SeedColumn}': seed {seeds[i]} appears {end - i + 1} times; each seed must be one run to pair runs.");
        }
        return (seeds, values);
    }

    /// <summary>At most 20 seeds, then how many more: a million mismatched seeds must not make a million-seed message.</summary>
    static string Listed(List<int> seeds) =>
        string.Join(", ", seeds.Take(20)) + (seeds.Count > 20 ? $" and {seeds.Count - 20} more" : "");
}
