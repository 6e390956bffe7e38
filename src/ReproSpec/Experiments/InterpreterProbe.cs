using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace ReproSpec.Experiments;

/// <summary>
/// What a command arm's interpreter is on this machine: for Python its real executable (through venv, conda or pyenv
/// shims), version, prefix and the versions of the packages the code imports; for other programs their path and
/// <c>--version</c>. The text joins the run key and is kept with each run.
/// </summary>
static partial class InterpreterProbe
{
    // Probed once per process: the key of every run of an arm needs it, and an interpreter does not change under a test run.
    static readonly ConcurrentDictionary<string, string> Probed = new(StringComparer.Ordinal);

    /// <summary>A HOME that does not exist: Python then adds no user site, as in a run whose HOME is a fresh folder.</summary>
    public static string EmptyHome { get; } = Path.Combine(Path.GetTempPath(), $"reprospec-probe-no-home-{Environment.ProcessId}");

    // Reads versions from package metadata (no import: importing torch takes seconds); stdlib and missing modules are named as such.
    const string PythonScript = """
        import sys, importlib.util, importlib.metadata as md
        print("python", sys.version.split()[0], sys.implementation.name)
        print("executable", sys.executable)
        print("prefix", sys.prefix)
        try:
            owners = md.packages_distributions()
        except Exception:
            owners = {}
        stdlib = set(getattr(sys, "stdlib_module_names", ())) | set(sys.builtin_module_names)
        def version(dist):
            try:
                return md.version(dist)
            except Exception:
                return None
        for name in sorted(set(a for a in sys.argv[1:] if a.startswith("dist:"))):
            v = version(name[5:])
            print("package", name[5:], v or "not installed")
        for name in sorted(set(a[7:] for a in sys.argv[1:] if a.startswith("module:"))):
            if name in stdlib:
                continue
            try:
                spec = importlib.util.find_spec(name)
            except Exception:
                spec = None
            if spec is None:
                print("module", name, "missing")
                continue
            found = sorted(set(d + " " + v for d in owners.get(name, []) if (v := version(d))))
            where = spec.origin or ", ".join(spec.submodule_search_locations or [])
            print("module", name, ", ".join(found) if found else "(no version metadata) at " + str(where))
        """;

    /// <summary>The probe's text for an arm: <paramref name="probe"/> null probes the interpreter, empty nothing, else runs that command.</summary>
    public static string Describe(string? probe, string program, string? located, Func<IReadOnlyList<string>> imports, IReadOnlyList<string> packages,
        IReadOnlyDictionary<string, string?> environment, string workingDirectory)
    {
        if (probe is { Length: 0 }) return "(no probe)";
        if (probe is null && located is null) return $"{program} (not found)";
        var isPython = probe is null && IsPython(program);
        IReadOnlyList<string> words = probe is not null ? CommandExperiment.Words(probe)
            : isPython ? [located!, "-c", PythonScript, .. packages.Select(p => "dist:" + p), .. imports().Select(m => "module:" + m)]
            : [located!, "--version"];
        if (words.Count == 0) return "(no probe)";
        var cacheKey = string.Join('\0', words) + '\0' + string.Join('\0', environment.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        return Probed.GetOrAdd(cacheKey, _ =>
        {
            CommandProcess.Result result;
            try
            {
                result = CommandProcess.Run(words[0], words.Skip(1).ToList(), workingDirectory, environment, TimeSpan.FromSeconds(60), CancellationToken.None);
            }
            catch (CommandRunException e)
            {
                return $"`{probe ?? words[0]}` could not start: {e.Message}";
            }
            var output = (result.Stdout + (isPython || probe is not null ? "" : result.Stderr)).Trim();
            if (probe is null && !isPython)
                // Programs without --version (a shell) still have a path; the first line is enough for those that do.
                return $"{located} {(result.ExitCode == 0 && output.Length > 0 ? output.Split('\n')[0].Trim() : "(no --version)")}";
            return result.ExitCode == 0 && !result.TimedOut
                ? output
                : $"probe `{(probe ?? located)}` failed (exit {result.ExitCode}): {CommandProcess.Tail(result.Stderr, 5)}";
        });
    }

    /// <summary>True for python, python3, python3.11, pypy3 or a path to one (a venv's bin/python).</summary>
    public static bool IsPython(string program) => PythonName().IsMatch(Path.GetFileName(program));

    /// <summary>Top-level modules the Python files under <paramref name="paths"/> import, without the code's own modules.</summary>
    public static IReadOnlyList<string> ImportsOf(IEnumerable<string> paths)
    {
        var files = new List<string>();
        var local = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
                local.Add(Path.GetFileNameWithoutExtension(path));
                // A script's siblings are importable by it (sys.path[0] is its folder).
                foreach (var sibling in Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(path)!)) local.Add(Path.GetFileNameWithoutExtension(sibling));
            }
            else if (Directory.Exists(path))
            {
                foreach (var entry in Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories))
                {
                    if (ProjectFiles.IsNotContent(Path.GetRelativePath(path, entry))) continue;
                    local.Add(Path.GetFileNameWithoutExtension(entry));
                    if (entry.EndsWith(".py", StringComparison.Ordinal)) files.Add(entry);
                }
            }
        }
        var modules = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (Match match in ImportLine().Matches(File.ReadAllText(file)))
            {
                var names = match.Groups["from"].Success ? [match.Groups["from"].Value] : match.Groups["list"].Value.Split(',');
                foreach (var name in names)
                {
                    var top = name.Trim().Split(' ')[0].Split('.')[0];
                    if (top.Length > 0 && !local.Contains(top)) modules.Add(top);
                }
            }
        }
        return modules.ToList();
    }

    [GeneratedRegex(@"^(python[0-9.]*|pypy[0-9.]*)(\.exe)?$")]
    private static partial Regex PythonName();

    // "import a, b.c as d" and "from a.b import c" at the start of a line (indented imports too: they are often optional ones).
    [GeneratedRegex(@"^[ \t]*(?:from[ \t]+(?<from>[A-Za-z_][\w.]*)[ \t]+import\b|import[ \t]+(?<list>[A-Za-z_][\w.]*(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*(?:[ \t]+as[ \t]+\w+)?)*))", RegexOptions.Multiline)]
    private static partial Regex ImportLine();
}
