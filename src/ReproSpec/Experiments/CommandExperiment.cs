using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.Json.Serialization;
using ReproSpec.Claims;
using ReproSpec.Execution;

namespace ReproSpec.Experiments;

/// <summary>An arm that runs any command once per seed (a Python training script, a repository's entry point) and reads its metrics.</summary>
/// <param name="Label">The arm's name in reports and run identities.</param>
/// <param name="Command">
/// The command line, split on spaces (double quotes group words); no shell runs it. Placeholders: <c>{seed}</c> (the run's seed),
/// <c>{seed:split}</c> and any other source (that source's seed, as <see cref="SeedSet.For"/> gives it),
/// <c>{threads}</c>, <c>{run}</c> (the run's own temporary folder) and <c>{path:relative/path}</c> (a project file's full path).
/// </param>
/// <param name="Code">
/// Files or folders the command executes (scripts, modules), relative to the claims project: hashed by content into the run
/// identity, and scanned for Python imports whose versions the default probe records. Null with a <see cref="Repository"/>: the whole repository.
/// </param>
/// <param name="Data">Files or folders the command reads, relative to the claims project: hashed by content into the run identity.</param>
/// <param name="WorkingDirectory">
/// Without a <see cref="Repository"/>: a project folder copied afresh for each run, where the command runs (empty: an empty folder).
/// With one: a folder inside the repository (e.g. "mnist") where the command runs; empty is the repository's root.
/// </param>
/// <param name="MetricsFile">A file (relative to the run's working folder) holding one JSON object of metrics; null reads stdout.</param>
/// <param name="Patterns">Regular expressions over stdout, one metric each (last match wins); null reads the last JSON object on stdout.</param>
/// <param name="TimeoutSeconds">A run that takes longer is killed and recorded as failed. Run control: not in the run key.</param>
/// <param name="Requires">A command that must succeed for the arm to be runnable (e.g. <c>python3 -c "import torch"</c>); see <see cref="Unavailable"/>. Not in the run key.</param>
/// <param name="Install">What to tell a user when <paramref name="Requires"/> fails (e.g. <c>apt-get install python3-torch</c>). Not in the run key.</param>
/// <param name="Project">Name of the claims assembly whose project relative paths start from; empty: the claims assembly of this run.</param>
/// <param name="Version">Bump when a run's result changes for a reason nothing declared here sees (a service, a file outside Code and Data).</param>
public sealed record CommandExperiment(
    string Label,
    string Command,
    IReadOnlyList<string>? Code = null,
    IReadOnlyList<string>? Data = null,
    string WorkingDirectory = "",
    string? MetricsFile = null,
    IReadOnlyList<MetricPattern>? Patterns = null,
    [property: RunControl] int TimeoutSeconds = 600,
    [property: RunControl] string Requires = "",
    [property: RunControl] string Install = "",
    string Project = "",
    string Version = "1") : Experiment
{
    /// <summary>Environment variable holding the run's seed; <c>REPROSPEC_SEED_SPLIT</c>, <c>REPROSPEC_SEED_INIT</c>… hold each source's seed.</summary>
    public const string SeedVariable = "REPROSPEC_SEED";

    /// <summary>Sources whose seeds are passed as environment variables (any source can be asked for with a placeholder).</summary>
    public static IReadOnlyList<string> SeedSources { get; } =
        [SeedSet.Sources.Split, SeedSet.Sources.Init, SeedSet.Sources.Order, SeedSet.Sources.Dropout, SeedSet.Sources.Augmentation];

    /// <summary>A salt in the run key: bump it when results change for a reason no declared file or probe sees.</summary>
    // Not [JsonIgnore] (unlike the base's): worker processes rebuild the arm from its JSON and must get the same salt.
    public override string Version { get; } = Version;

    /// <summary>
    /// A repository folder of the claims project (e.g. "vendor/mnist-example"), copied afresh for each run so the script finds
    /// its files where it expects them and whatever it writes is thrown away; empty: no repository (see <see cref="WorkingDirectory"/>).
    /// </summary>
    public string Repository { get; init; } = "";

    /// <summary>Run in <see cref="Repository"/> itself instead of a copy (for a large repository); read-only under the sandbox, which it then requires.</summary>
    public bool InPlace { get; init; }

    /// <summary>Project folders or files shown to the script at the paths it expects (e.g. data → ../data), without a shell wrapper; hashed as data.</summary>
    public IReadOnlyList<Mount>? Mounts { get; init; }

    /// <summary>Environment variables set for the run and its probe (placeholders as in <see cref="Command"/>); they are part of the run key.</summary>
    public IReadOnlyDictionary<string, string>? Variables { get; init; }

    /// <summary>Where HOME points: a fresh folder in the run (default) or the user's own (so <c>pip install --user</c> packages and caches are seen).</summary>
    public HomeFolder Home { get; init; } = HomeFolder.Run;

    /// <summary>
    /// A command whose output joins the run key and is kept with each run: null probes the interpreter (for Python: its path,
    /// version and the versions of the packages <see cref="Code"/> imports and <see cref="Packages"/> lists; otherwise the
    /// program's path and <c>--version</c>); empty probes nothing.
    /// </summary>
    public string? Probe { get; init; }

    /// <summary>Python distributions (e.g. "torch", "numpy") whose versions the default probe records beside those the code imports.</summary>
    public IReadOnlyList<string>? Packages { get; init; }

    [JsonIgnore]
    public override string Name => Label;

    /// <summary>
    /// Content hashes of <see cref="Code"/>, <see cref="Data"/> and the mounts, and the probe's output: with the command and
    /// the other parameters, what the run identity needs to see that the script, its data or its environment changed.
    /// </summary>
    [JsonIgnore]
    public override string DataFingerprint
    {
        get
        {
            // A bad declaration (a pattern, a missing path) fails here, when the claim plans its runs: before anything runs.
            Validate();
            var text = new StringBuilder();
            foreach (var path in CodePaths()) text.Append("code ").Append(path).Append(' ').Append(ProjectFiles.ContentHash(Find(path))).Append('\n');
            foreach (var path in Data ?? []) text.Append("data ").Append(path).Append(' ').Append(ProjectFiles.ContentHash(Find(path))).Append('\n');
            foreach (var mount in Mounts ?? []) text.Append("mount ").Append(mount.Source).Append(' ').Append(ProjectFiles.ContentHash(Find(mount.Source))).Append('\n');
            text.Append("environment\n").Append(EnvironmentProbe()).Append('\n');
            return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
        }
    }

    /// <summary>Content hash (16 hex digits) of the code the command runs (<see cref="Code"/>, or the whole <see cref="Repository"/>): what the card shows as this arm's code.</summary>
    [JsonIgnore]
    public string ScriptFingerprint
    {
        get
        {
            var text = new StringBuilder();
            foreach (var path in CodePaths()) text.Append(path).Append(' ').Append(ProjectFiles.ContentHash(Find(path))).Append('\n');
            // A command with no declared code runs what its command line names, which the key holds as a parameter.
            if (text.Length == 0) text.Append("command ").Append(Command);
            return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
        }
    }

    /// <summary>True when commands run under bubblewrap here (REPROSPEC_SANDBOX), so a run can write only inside its own temporary folder.</summary>
    public static bool Sandboxed => CommandProcess.Sandbox.Wrapper() is not null;

    /// <summary>Why this arm cannot run here (its <see cref="Requires"/> check failed, or its program is missing), with <see cref="Install"/>; null when it can.</summary>
    public string? Unavailable()
    {
        var program = Program();
        if (CommandProcess.Locate(program) is null)
            return $"{Label}: '{program}' is not on PATH.{InstallHint()}";
        if (Requires.Length == 0) return null;
        var words = Words(Requires);
        var check = CommandProcess.Run(words[0], words.Skip(1).ToList(), Directory.GetCurrentDirectory(), ProbeEnvironment(), TimeSpan.FromSeconds(60), CancellationToken.None);
        return check.ExitCode == 0 ? null : $"{Label}: the check `{Requires}` failed ({CommandProcess.Tail(check.Stderr, 3)}).{InstallHint()}";
    }

    string InstallHint() => Install.Length > 0 ? $" To run it: {Install}" : "";

    /// <summary>What the probe printed for this arm on this machine (run once per process and probe): what its runs' keys and records hold.</summary>
    public string EnvironmentProbe()
    {
        var program = Program();
        return InterpreterProbe.Describe(Probe, program, CommandProcess.Locate(program), () => InterpreterProbe.ImportsOf(CodePaths().Select(Find)),
            Packages ?? [], ProbeEnvironment(), Directory.GetCurrentDirectory());
    }

    public override RunMetrics Run(RunContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Validate();
        var run = Directory.CreateTempSubdirectory("reprospec-run-").FullName;
        try
        {
            var layout = RunLayout.Prepare(this, run);
            var home = Home == HomeFolder.User ? Environment.GetEnvironmentVariable("HOME") : Directory.CreateDirectory(Path.Combine(run, "home")).FullName;
            var temp = Directory.CreateDirectory(Path.Combine(run, "tmp")).FullName;
            var probe = EnvironmentProbe();

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
            foreach (var (name, value) in Variables ?? new Dictionary<string, string>()) environment[name] = Expand(value, context, run);

            CommandProcess.Result result;
            try
            {
                result = CommandProcess.Run(words[0], words.Skip(1).ToList(), layout.WorkingDirectory, environment, TimeSpan.FromSeconds(TimeoutSeconds), context.Cancellation,
                    writableOnly: run, readOnlyBinds: layout.Binds);
            }
            catch (CommandRunException e)
            {
                context.Keep(new RunOutput("", "", probe));
                throw new RunEnvironmentException($"`{Command}` could not start on this machine: {e.Message}", e);
            }
            context.Keep(new RunOutput(result.Stdout, result.Stderr, probe));
            if (result.TimedOut)
                throw new CommandRunException($"`{Command}` did not finish within {TimeoutSeconds} s and was killed (raise TimeoutSeconds if it needs longer; it is not part of the run key). Last lines of stderr:\n{CommandProcess.Tail(result.Stderr, 10)}");
            if (result.ExitCode != 0)
            {
                var what = $"`{string.Join(' ', words)}` exited with code {result.ExitCode}";
                if (CommandFailure.OfEnvironment(result.ExitCode, result.Stderr) is { } cause)
                    throw new RunEnvironmentException($"{what}: {cause} Not stored: it runs again next time. Last lines of stderr:\n{CommandProcess.Tail(result.Stderr, 10)}");
                throw new CommandRunException($"{what}. Last lines of stderr:\n{CommandProcess.Tail(result.Stderr, 10)}");
            }
            return ReadMetrics(result.Stdout, layout.WorkingDirectory);
        }
        finally
        {
            RunLayout.Remove(run);
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
        var arm = $"{nameof(CommandExperiment)} \"{Label}\"";
        if (string.IsNullOrWhiteSpace(Label))
            throw new ArgumentException($"{nameof(CommandExperiment)}.{nameof(Label)} is empty; name the arm, e.g. \"PyTorch MLP\".", nameof(Label));
        if (Words(Command ?? "").Count == 0)
            throw new ArgumentException($"{arm}: {nameof(Command)} is empty; give the command line, e.g. \"python3 train.py --seed {{seed}}\".", nameof(Command));
        if (TimeoutSeconds < 1)
            throw new ArgumentException($"{arm}: {nameof(TimeoutSeconds)} is {TimeoutSeconds}; use a positive number of seconds such as 600.", nameof(TimeoutSeconds));
        if (MetricsFile is { Length: > 0 } && Patterns is { Count: > 0 })
            throw new ArgumentException($"{arm}: set {nameof(MetricsFile)} or {nameof(Patterns)}, not both.", nameof(Patterns));
        foreach (var pattern in Patterns ?? []) pattern.Validate();
        foreach (var word in Words(Command!)) CheckPlaceholders(word);
        foreach (var (name, value) in Variables ?? new Dictionary<string, string>())
        {
            if (name.Length == 0 || name.Contains('=', StringComparison.Ordinal))
                throw new ArgumentException($"{arm}: environment variable name '{name}' is not valid; use a name such as PYTHONPATH.", nameof(Variables));
            CheckPlaceholders(value);
        }
        if (InPlace && Repository.Length == 0)
            throw new ArgumentException($"{arm}: {nameof(InPlace)} runs a {nameof(Repository)} where it is, but no {nameof(Repository)} is declared; set {nameof(Repository)} = \"path/to/repository\".", nameof(InPlace));
        if (InPlace && !Sandboxed)
            throw new ArgumentException($"{arm}: {nameof(InPlace)} needs the sandbox to keep the repository read-only, and bubblewrap is not usable here; install it (apt-get install bubblewrap) or drop {nameof(InPlace)} to run in a copy.", nameof(InPlace));
        foreach (var mount in Mounts ?? []) mount.Validate(arm);
        // Every declared path must exist now, not when a run is half set up: the error lists where it was looked for.
        foreach (var path in CodePaths().Concat(Data ?? []).Concat((Mounts ?? []).Select(m => m.Source))) Find(path);
        if (Repository.Length > 0 && !Directory.Exists(Find(Repository)))
            throw new ArgumentException($"{arm}: {nameof(Repository)} '{Repository}' is a file; give the repository's folder.", nameof(Repository));
    }

    void CheckPlaceholders(string word)
    {
        foreach (var name in Placeholders(word))
        {
            if (name is "seed" or "threads" or "run" || name.StartsWith("seed:", StringComparison.Ordinal)) continue;
            if (name.StartsWith("path:", StringComparison.Ordinal))
            {
                Find(name[5..]);
                continue;
            }
            throw new ArgumentException($"{nameof(CommandExperiment)} \"{Label}\": unknown placeholder {{{name}}} in `{word}`; use {{seed}}, {{seed:split}} (any source), {{threads}}, {{run}} or {{path:relative/path}}.");
        }
    }

    static IEnumerable<string> Placeholders(string word)
    {
        var at = 0;
        while (word.IndexOf('{', at) is var open and >= 0 && word.IndexOf('}', open) is var close and >= 0)
        {
            yield return word[(open + 1)..close];
            at = close + 1;
        }
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

    /// <summary>The program the command starts, with a <c>{path:…}</c> placeholder resolved (a venv's interpreter).</summary>
    string Program()
    {
        var words = Words(Command ?? "");
        var program = words.Count > 0 ? words[0] : "";
        return program.StartsWith("{path:", StringComparison.Ordinal) && program.EndsWith('}') ? Find(program[6..^1]) : program;
    }

    /// <summary>The declared code, or the whole repository when no code is declared.</summary>
    internal IReadOnlyList<string> CodePaths() => Code ?? (Repository.Length > 0 ? [Repository] : []);

    /// <summary>The environment of the probe and the requirement check: the declared variables and HOME as the run will see them.</summary>
    Dictionary<string, string?> ProbeEnvironment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // The run's HOME is an empty folder: the probe must not see the user's ~/.local packages the run will not.
            ["HOME"] = Home == HomeFolder.User ? Environment.GetEnvironmentVariable("HOME") : InterpreterProbe.EmptyHome,
            ["PYTHONDONTWRITEBYTECODE"] = "1",
        };
        foreach (var (name, value) in Variables ?? new Dictionary<string, string>())
        {
            // Seeds and the run folder do not exist yet; a path does, and is what the run will get.
            environment[name] = Placeholders(value).Any(p => !p.StartsWith("path:", StringComparison.Ordinal))
                ? value
                : Placeholders(value).Aggregate(value, (text, p) => text.Replace("{" + p + "}", Find(p[5..]), StringComparison.Ordinal));
        }
        return environment;
    }

    /// <summary>A project path resolved against this run's claims project(s).</summary>
    internal string Find(string path) => ProjectFiles.Find(path, Anchors());

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

/// <summary>Where a command arm's HOME points.</summary>
public enum HomeFolder
{
    /// <summary>A fresh, empty folder inside the run's temporary folder, removed with it: nothing leaks between runs.</summary>
    Run,

    /// <summary>The user's own HOME: <c>pip install --user</c> packages, caches and config files are seen (and the probe records those packages).</summary>
    User,
}

/// <summary>A project folder or file shown to a command at the path its script expects, e.g. <c>new Mount("data", "../data")</c>.</summary>
/// <param name="Source">The project path (as for Data): hashed by content into the run key.</param>
/// <param name="Target">Where the script looks, relative to the working directory (may start with "../"), inside the run's folder.</param>
public sealed record Mount(string Source, string Target)
{
    internal void Validate(string arm)
    {
        if (string.IsNullOrWhiteSpace(Source) || string.IsNullOrWhiteSpace(Target))
            throw new ArgumentException($"{arm}: a {nameof(Mount)} needs a project path and the path the script expects, e.g. new Mount(\"data\", \"../data\").");
        if (Path.IsPathRooted(Target))
            throw new ArgumentException($"{arm}: mount target '{Target}' is absolute; give it relative to the working directory, as the script names it (e.g. \"../data\").");
    }
}
