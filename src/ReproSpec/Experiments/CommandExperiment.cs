using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.Json.Serialization;
using ReproSpec.Claims;
using ReproSpec.Execution;

namespace ReproSpec.Experiments;

/// <summary>An arm that runs any command once per seed (a Python training script, a shell pipeline) and reads its metrics.</summary>
/// <param name="Label">The arm's name in reports and run identities.</param>
/// <param name="Command">
/// The command line, split on spaces (double quotes group words). Placeholders: <c>{seed}</c> (the run's seed),
/// <c>{seed:split}</c> and any other source (that source's seed, as <see cref="SeedSet.For"/> gives it),
/// <c>{threads}</c>, <c>{run}</c> (the run's own temporary folder) and <c>{path:relative/path}</c> (a project file's full path).
/// </param>
/// <param name="Code">Files or folders the command executes (scripts, modules), relative to the claims project: hashed by content into the run identity.</param>
/// <param name="Data">Files or folders the command reads, relative to the claims project: hashed by content into the run identity.</param>
/// <param name="WorkingDirectory">
/// A project folder copied afresh for each run, where the command runs; empty runs it in an empty folder.
/// The copy is thrown away afterwards, so a script that writes next to itself does not touch the project.
/// </param>
/// <param name="MetricsFile">A file (relative to the run's working copy) holding one JSON object of metrics; null reads stdout.</param>
/// <param name="Patterns">Regular expressions over stdout, one metric each (last match wins); null reads the last JSON object on stdout.</param>
/// <param name="TimeoutSeconds">A run that takes longer is killed and recorded as failed.</param>
/// <param name="Requires">A command that must succeed for the arm to be runnable (e.g. <c>python3 -c "import torch"</c>); see <see cref="Unavailable"/>.</param>
/// <param name="Install">What to tell a user when <paramref name="Requires"/> fails (e.g. <c>apt-get install python3-torch</c>).</param>
/// <param name="Project">Name of the claims assembly whose project relative paths start from; empty: the claims assembly of this run.</param>
public sealed record CommandExperiment(
    string Label,
    string Command,
    IReadOnlyList<string>? Code = null,
    IReadOnlyList<string>? Data = null,
    string WorkingDirectory = "",
    string? MetricsFile = null,
    IReadOnlyList<MetricPattern>? Patterns = null,
    int TimeoutSeconds = 600,
    string Requires = "",
    string Install = "",
    string Project = "") : Experiment
{
    /// <summary>Environment variable holding the run's seed; <c>REPROSPEC_SEED_SPLIT</c>, <c>REPROSPEC_SEED_INIT</c>… hold each source's seed.</summary>
    public const string SeedVariable = "REPROSPEC_SEED";

    /// <summary>Sources whose seeds are passed as environment variables (any source can be asked for with a placeholder).</summary>
    public static IReadOnlyList<string> SeedSources { get; } =
        [SeedSet.Sources.Split, SeedSet.Sources.Init, SeedSet.Sources.Order, SeedSet.Sources.Dropout, SeedSet.Sources.Augmentation];

    static readonly ConcurrentDictionary<string, string> InterpreterVersions = new(StringComparer.Ordinal);

    [JsonIgnore]
    public override string Name => Label;

    /// <summary>
    /// Content hashes of <see cref="Code"/> and <see cref="Data"/> and the interpreter's <c>--version</c>: with the
    /// command itself (a parameter), what the run identity needs to see that the script, its data or its interpreter changed.
    /// </summary>
    [JsonIgnore]
    public override string DataFingerprint
    {
        get
        {
            // No Validate() here: a bad declaration is reported by the run, with its fix, not by the planner's key.
            var text = new StringBuilder();
            foreach (var path in Code ?? []) text.Append("code ").Append(path).Append(' ').Append(ProjectFiles.ContentHash(Find(path))).Append('\n');
            foreach (var path in Data ?? []) text.Append("data ").Append(path).Append(' ').Append(ProjectFiles.ContentHash(Find(path))).Append('\n');
            text.Append("interpreter ").Append(InterpreterVersion()).Append('\n');
            return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
        }
    }

    /// <summary>True when commands run under bubblewrap here (REPROSPEC_SANDBOX), so a run can write only inside its own temporary folder.</summary>
    public static bool Sandboxed => CommandProcess.Sandbox.Wrapper() is not null;

    /// <summary>Why this arm cannot run here (its <see cref="Requires"/> check failed, or its program is missing), with <see cref="Install"/>; null when it can.</summary>
    public string? Unavailable()
    {
        var words0 = Words(Command);
        var program = words0.Count > 0 ? words0[0] : "";
        if (CommandProcess.Locate(program) is null)
            return $"{Label}: '{program}' is not on PATH.{InstallHint()}";
        if (Requires.Length == 0) return null;
        var words = Words(Requires);
        var check = CommandProcess.Run(words[0], words.Skip(1).ToList(), Directory.GetCurrentDirectory(), new Dictionary<string, string?>(), TimeSpan.FromSeconds(60), CancellationToken.None);
        return check.ExitCode == 0 ? null : $"{Label}: the check `{Requires}` failed ({CommandProcess.Tail(check.Stderr, 3)}).{InstallHint()}";
    }

    string InstallHint() => Install.Length > 0 ? $" To run it: {Install}" : "";

    public override RunMetrics Run(RunContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Validate();
        var run = Directory.CreateTempSubdirectory("reprospec-run-").FullName;
        try
        {
            var work = Path.Combine(run, "work");
            if (WorkingDirectory.Length > 0) CopyFolder(Find(WorkingDirectory), work);
            else Directory.CreateDirectory(work);
            var home = Directory.CreateDirectory(Path.Combine(run, "home")).FullName;
            var temp = Directory.CreateDirectory(Path.Combine(run, "tmp")).FullName;

            var words = Words(Command).Select(w => Expand(w, context, run)).ToList();
            var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                [SeedVariable] = context.Seed.ToString(CultureInfo.InvariantCulture),
                ["REPROSPEC_THREADS"] = context.Threads.ToString(CultureInfo.InvariantCulture),
                ["REPROSPEC_RUN_DIR"] = run,
                // One thread budget for the whole run: OpenMP (PyTorch, numpy's BLAS) reads these.
                ["OMP_NUM_THREADS"] = context.Threads.ToString(CultureInfo.InvariantCulture),
                ["MKL_NUM_THREADS"] = context.Threads.ToString(CultureInfo.InvariantCulture),
                ["OPENBLAS_NUM_THREADS"] = context.Threads.ToString(CultureInfo.InvariantCulture),
                ["HOME"] = home,
                ["TMPDIR"] = temp,
                ["TMP"] = temp,
                ["TEMP"] = temp,
                // A run must not leave byte-code caches in the project (they would also be read back by the next run).
                ["PYTHONDONTWRITEBYTECODE"] = "1",
                ["PYTHONHASHSEED"] = context.Seeds.For("python-hash").ToString(CultureInfo.InvariantCulture),
            };
            foreach (var source in SeedSources)
                environment[$"{SeedVariable}_{source.ToUpperInvariant()}"] = context.Seeds.For(source).ToString(CultureInfo.InvariantCulture);

            var result = CommandProcess.Run(words[0], words.Skip(1).ToList(), work, environment, TimeSpan.FromSeconds(TimeoutSeconds), context.Cancellation, writableOnly: run);
            if (result.TimedOut)
                throw new CommandRunException($"`{Command}` did not finish within {TimeoutSeconds} s and was killed (raise TimeoutSeconds if it needs longer). Last stderr: {CommandProcess.Tail(result.Stderr, 10)}");
            if (result.ExitCode != 0)
                throw new CommandRunException($"`{string.Join(' ', words)}` exited with code {result.ExitCode}. Last stderr: {CommandProcess.Tail(result.Stderr, 10)}");
            return ReadMetrics(result.Stdout, work);
        }
        finally
        {
            try
            {
                Directory.Delete(run, recursive: true);
            }
            catch (IOException)
            {
                // A process the command left behind may still hold a file: the OS cleans temp folders.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    RunMetrics ReadMetrics(string stdout, string work)
    {
        if (Patterns is { Count: > 0 }) return CommandMetrics.FromPatterns(stdout, Patterns);
        if (MetricsFile is { Length: > 0 })
        {
            var path = Path.Combine(work, MetricsFile);
            if (!File.Exists(path))
                throw new CommandRunException($"`{Command}` succeeded but wrote no metrics file {MetricsFile} in its working folder; expected one JSON object of numbers such as {{\"test_accuracy\": 0.93}}.");
            return CommandMetrics.FromJson(File.ReadAllText(path), $"metrics file {MetricsFile}");
        }
        return CommandMetrics.FromLastJsonObject(stdout);
    }

    void Validate()
    {
        if (string.IsNullOrWhiteSpace(Label))
            throw new ArgumentException($"{nameof(CommandExperiment)}.{nameof(Label)} is empty; name the arm, e.g. \"PyTorch MLP\".", nameof(Label));
        if (Words(Command ?? "").Count == 0)
            throw new ArgumentException($"{nameof(CommandExperiment)} \"{Label}\": {nameof(Command)} is empty; give the command line, e.g. \"python3 train.py --seed {{seed}}\".", nameof(Command));
        if (TimeoutSeconds < 1)
            throw new ArgumentException($"{nameof(CommandExperiment)} \"{Label}\": {nameof(TimeoutSeconds)} is {TimeoutSeconds}; use a positive number of seconds such as 600.", nameof(TimeoutSeconds));
        if (MetricsFile is { Length: > 0 } && Patterns is { Count: > 0 })
            throw new ArgumentException($"{nameof(CommandExperiment)} \"{Label}\": set {nameof(MetricsFile)} or {nameof(Patterns)}, not both.", nameof(Patterns));
        foreach (var pattern in Patterns ?? []) pattern.Validate();
    }

    string Expand(string word, RunContext context, string run)
    {
        var text = new StringBuilder();
        var at = 0;
        while (at < word.Length)
        {
            var open = word.IndexOf('{', at);
            if (open < 0) break;
            var close = word.IndexOf('}', open);
            if (close < 0) break;
            text.Append(word, at, open - at);
            var name = word[(open + 1)..close];
            text.Append(name switch
            {
                "seed" => context.Seed.ToString(CultureInfo.InvariantCulture),
                "threads" => context.Threads.ToString(CultureInfo.InvariantCulture),
                "run" => run,
                _ when name.StartsWith("seed:", StringComparison.Ordinal) => context.Seeds.For(name[5..]).ToString(CultureInfo.InvariantCulture),
                _ when name.StartsWith("path:", StringComparison.Ordinal) => Find(name[5..]),
                _ => throw new ArgumentException($"{nameof(CommandExperiment)} \"{Label}\": unknown placeholder {{{name}}} in `{Command}`; use {{seed}}, {{seed:split}} (any source), {{threads}}, {{run}} or {{path:relative/path}}."),
            });
            at = close + 1;
        }
        return text.Append(word, at, word.Length - at).ToString();
    }

    /// <summary>A project path resolved against this run's claims project(s).</summary>
    string Find(string path) => ProjectFiles.Find(path, Anchors());

    IReadOnlyList<Assembly> Anchors()
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies();
        if (Project.Length > 0)
        {
            var named = loaded.Where(a => a.GetName().Name == Project).ToList();
            if (named.Count == 0 && TryLoad(Project) is { } one) named.Add(one);
            if (named.Count == 0)
                throw new ArgumentException($"{nameof(CommandExperiment)} \"{Label}\": {nameof(Project)} is \"{Project}\", but no assembly of that name is loaded; give the claims project's assembly name or leave it empty.", nameof(Project));
            return named;
        }
        var anchors = new List<Assembly>();
        // The command line loads claims into their own context (Planning.ClaimsAssembly).
        anchors.AddRange(loaded.Where(a => AssemblyLoadContext.GetLoadContext(a)?.Name?.StartsWith("claims:", StringComparison.Ordinal) == true && !a.IsDynamic && a.GetName().Name == ClaimsNameOf(a)));
        // A test host and a worker run with the claims project's deps file.
        if (ProjectFiles.AppAssemblyName() is { } app && !IsEngineOrHost(app) && (loaded.FirstOrDefault(a => a.GetName().Name == app) ?? TryLoad(app)) is { } appAssembly)
            anchors.Add(appAssembly);
        anchors.AddRange(loaded.Where(a => !a.IsDynamic && a.GetCustomAttributes<AssemblyMetadataAttribute>().Any(m => m.Key == ProjectFiles.ProjectDirectoryKey)));
        return anchors.Distinct().ToList();
    }

    static string? ClaimsNameOf(Assembly assembly)
    {
        var name = AssemblyLoadContext.GetLoadContext(assembly)?.Name;
        return name is null ? null : Path.GetFileNameWithoutExtension(name["claims:".Length..]);
    }

    static bool IsEngineOrHost(string name) =>
        name.StartsWith("ReproSpec.Cli", StringComparison.Ordinal) || name.StartsWith("testhost", StringComparison.OrdinalIgnoreCase) || name == "ReproSpec.Worker";

    static Assembly? TryLoad(string name)
    {
        try
        {
            return Assembly.Load(new AssemblyName(name));
        }
        catch (IOException)
        {
            return null;
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }

    string InterpreterVersion()
    {
        var words0 = Words(Command);
        var program = words0.Count > 0 ? words0[0] : "";
        var located = CommandProcess.Locate(program);
        if (located is null) return $"{program} (not found)";
        return InterpreterVersions.GetOrAdd(located, path =>
        {
            var version = CommandProcess.Run(path, ["--version"], Directory.GetCurrentDirectory(), new Dictionary<string, string?>(), TimeSpan.FromSeconds(30), CancellationToken.None);
            var text = (version.Stdout + version.Stderr).Trim();
            // Programs without --version (a shell) still have a path; the first line is enough for those that do.
            return $"{path} {(version.ExitCode == 0 ? text.Split('\n')[0].Trim() : "(no --version)")}";
        });
    }

    static void CopyFolder(string from, string to)
    {
        if (File.Exists(from))
            throw new ArgumentException($"{nameof(WorkingDirectory)} '{from}' is a file; give a folder of the claims project.", nameof(from));
        Directory.CreateDirectory(to);
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    /// <summary>The words of a command line: split on whitespace, double quotes group words (and are removed).</summary>
    public static IReadOnlyList<string> Words(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var words = new List<string>();
        var word = new StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in command)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (any) words.Add(word.ToString());
                word.Clear();
                any = false;
            }
            else
            {
                word.Append(c);
                any = true;
            }
        }
        if (quoted) throw new ArgumentException($"unbalanced double quote in `{command}`");
        if (any) words.Add(word.ToString());
        return words;
    }
}
