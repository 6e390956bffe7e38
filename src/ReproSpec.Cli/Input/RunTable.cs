using System.Globalization;
using System.Text;
using ReproSpec.Cli.Commands;

namespace ReproSpec.Cli.Input;

/// <summary>One metric column of a CSV of runs (one row per run), with the optional `seed` column that pairs runs.</summary>
public sealed record RunTable(string File, string Metric, double[] Values, int[]? Seeds)
{
    public const string SeedColumn = "seed";

    /// <summary>Reads <paramref name="metric"/> (and `seed`, if present) from a CSV file with a header row.</summary>
    /// <exception cref="BadInputException">The file is missing or empty, lacks the column, or has a cell that is not a finite number.</exception>
    public static RunTable Read(string path, string metric)
    {
        if (!System.IO.File.Exists(path)) throw new BadInputException($"{path}: file not found.");
        return Parse(path, System.IO.File.ReadAllText(path), metric);
    }

    /// <summary>Parses CSV <paramref name="text"/>; <paramref name="file"/> names it in error messages.</summary>
    public static RunTable Parse(string file, string text, string metric)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var header = lines.Length > 0 ? lines[0].TrimStart('\uFEFF') : "";
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
        for (var line = 2; line <= lines.Length; line++)
        {
            var raw = lines[line - 1];
            if (string.IsNullOrWhiteSpace(raw)) continue;
            var row = values.Count + 1;
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

    static double Number(string cell, string file, int row, int line, string column)
    {
        var text = cell.Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new BadInputException($"{file}: row {row} (line {line}), column '{column}': '{text}' is not a number.");
        if (!double.IsFinite(value))
            throw new BadInputException($"{file}: row {row} (line {line}), column '{column}': '{text}' is not a finite number; drop diverged runs or report them separately.");
        return value;
    }

    static int Seed(string cell, string file, int row, int line)
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
    public static (double[] A, double[] B, int[] Seeds) PairBySeed(RunTable a, RunTable b, string test)
    {
        foreach (var t in new[] { a, b })
        {
            if (t.Seeds is null)
                throw new BadInputException($"{t.File}: {test} pairs runs by seed, but the file has no '{SeedColumn}' column; add one to both files or choose an unpaired test (e.g. --test welch).");
            var duplicate = t.Seeds.GroupBy(s => s).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
                throw new BadInputException($"{t.File}: column '{SeedColumn}': seed {duplicate.Key} appears {duplicate.Count()} times; each seed must be one run to pair runs.");
        }
        var onlyA = a.Seeds!.Except(b.Seeds!).Order().ToArray();
        var onlyB = b.Seeds!.Except(a.Seeds!).Order().ToArray();
        if (onlyA.Length > 0 || onlyB.Length > 0)
        {
            var parts = new List<string>();
            if (onlyA.Length > 0) parts.Add($"seed(s) {string.Join(", ", onlyA)} only in {a.File}");
            if (onlyB.Length > 0) parts.Add($"seed(s) {string.Join(", ", onlyB)} only in {b.File}");
            throw new BadInputException($"{test} pairs runs by seed, but the seeds differ: {string.Join("; ", parts)}. Run the missing seeds or drop them from both files.");
        }
        var seeds = a.Seeds!.Order().ToArray();
        var byA = a.Seeds!.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => a.Values[p.i]);
        var byB = b.Seeds!.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => b.Values[p.i]);
        return (seeds.Select(s => byA[s]).ToArray(), seeds.Select(s => byB[s]).ToArray(), seeds);
    }
}
