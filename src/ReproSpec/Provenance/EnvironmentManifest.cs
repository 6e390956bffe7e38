using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ReproSpec.Provenance;

/// <summary>
/// What a suite ran on: machine, runtime, libraries and the numerics settings that can change a result, plus where
/// it was last seen (kernel, memory, workers, source revision, data). Its <see cref="Id"/> names the machine
/// environment only: the run's own inputs (code, data, parameters) are the run key's, so one machine keeps one id
/// however the code changes.
/// </summary>
public sealed record EnvironmentManifest
{
    public required string Os { get; init; }
    public required string Kernel { get; init; }
    public required string Architecture { get; init; }
    public required string Cpu { get; init; }

    /// <summary>The instruction-set extensions numerics libraries dispatch on (avx2, avx512f, …): two CPUs of one model name can differ.</summary>
    public IReadOnlyList<string> CpuFeatures { get; init; } = [];
    public required int Cores { get; init; }
    public required long MemoryBytes { get; init; }

    /// <summary>GPU names and driver version from nvidia-smi, or "none".</summary>
    public required string Gpu { get; init; }
    public required string Runtime { get; init; }

    /// <summary>TorchSharp assembly version, or "not used".</summary>
    public required string TorchSharp { get; init; }

    /// <summary>libtorch package version from the claims assembly's deps file, or "not used".</summary>
    public required string LibTorch { get; init; }

    /// <summary>Package (or, without a deps file, referenced assembly) versions of the claims assembly.</summary>
    public required SortedDictionary<string, string> Packages { get; init; }
    public required int Workers { get; init; }
    public required int ThreadsPerRun { get; init; }

    /// <summary>Environment variables that can change numerics or ReproSpec's behaviour.</summary>
    public required SortedDictionary<string, string> Variables { get; init; }
    public required string GitCommit { get; init; }

    /// <summary>"yes", "no" or "unknown": uncommitted changes in the working tree.</summary>
    public required string GitDirty { get; init; }

    /// <summary>Data fingerprints of the experiments run in this environment, by experiment name.</summary>
    public SortedDictionary<string, string> Datasets { get; init; } = new(StringComparer.Ordinal);

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    // Settings that can change a run's numbers. ReproSpec's own variables are not among them (output paths, store,
    // workers, tokens): the device and threads per run that they set are recorded as fields of their own.
    static readonly string[] NumericsVariablePrefixes =
        ["OMP_", "MKL_", "OPENBLAS_", "CUBLAS_", "CUDA_", "CUDNN_", "KMP_", "ATEN_", "TORCH_", "NVIDIA_TF32_OVERRIDE", "DOTNET_TieredCompilation", "DOTNET_TieredPGO", "DOTNET_ReadyToRun", "DOTNET_gcServer", "DOTNET_EnableAVX", "DOTNET_EnableHWIntrinsic", "DOTNET_PreferredVectorBitWidth"];

    // A value under one of these names is a credential, never written to a store (CUDA_API_KEY, TORCH_HUB_TOKEN, …).
    static readonly string[] SecretMarkers = ["TOKEN", "SECRET", "PASSWORD", "PASSWD", "KEY", "CREDENTIAL", "AUTH"];

    // The ISA extensions BLAS and libtorch kernels are chosen by (ATen's CPU capability, MKL's code paths).
    static readonly string[] IsaFlags =
        ["sse4_1", "sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16", "avx512_fp16", "amx_tile", "amx_bf16", "neon", "asimd", "sve"];

    /// <summary>
    /// The machine environment's id: SHA-256 (16 hex digits) of the fields that can change a result — OS, architecture,
    /// CPU model and ISA, GPU and driver, runtime, TorchSharp and libtorch, packages, threads per run, numerics
    /// variables. Where it was last seen (kernel, cores, memory, workers, git revision, data) is not part of it.
    /// </summary>
    [JsonIgnore]
    public string Id => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(MachineJson())))[..16];

    /// <summary>The fields the <see cref="Id"/> is computed from, as JSON (property order fixed by this method).</summary>
    public string MachineJson() => JsonSerializer.Serialize(new SortedDictionary<string, object>(StringComparer.Ordinal)
    {
        ["os"] = Os,
        ["architecture"] = Architecture,
        ["cpu"] = Cpu,
        ["cpuFeatures"] = CpuFeatures,
        ["gpu"] = Gpu,
        ["runtime"] = Runtime,
        // "(loaded)" or "(referenced)" says when the manifest was captured, not what ran.
        ["torchSharp"] = StripWhen(TorchSharp),
        ["libTorch"] = LibTorch,
        ["packages"] = Packages,
        ["threadsPerRun"] = ThreadsPerRun,
        ["variables"] = Variables,
    });

    static string StripWhen(string version) => version.Replace(" (loaded)", "", StringComparison.Ordinal).Replace(" (referenced)", "", StringComparison.Ordinal);

    /// <summary>The machine in a few words, for messages: "AMD EPYC (avx2, avx512f), 1 thread per run, no GPU, TorchSharp 0.107.0".</summary>
    public string Brief()
    {
        var isa = CpuFeatures.Count == 0 ? "" : " (" + string.Join(", ", CpuFeatures.Where(f => f is "avx2" or "avx512f" or "amx_tile" or "neon" or "sve")) + ")";
        var variables = Variables.Count == 0 ? "" : ", " + string.Join(", ", Variables.Select(v => $"{v.Key}={v.Value}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{Cpu}{isa.Replace(" ()", "", StringComparison.Ordinal)}, {ThreadsPerRun} thread(s) per run, GPU {Gpu}, {Runtime}, TorchSharp {StripWhen(TorchSharp)}{variables}");
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static EnvironmentManifest FromJson(string json)
    {
        var manifest = JsonSerializer.Deserialize<EnvironmentManifest>(json, Json) ?? throw new JsonException("empty environment manifest");
        // The serializer builds dictionaries with the culture comparer; the id is defined over ordinal order.
        return manifest with
        {
            Packages = new(manifest.Packages, StringComparer.Ordinal),
            Variables = new(manifest.Variables, StringComparer.Ordinal),
            Datasets = new(manifest.Datasets, StringComparer.Ordinal),
        };
    }

    /// <summary>This manifest with one more experiment's data fingerprint (none added when it is empty).</summary>
    public EnvironmentManifest WithDataset(string experiment, string fingerprint)
    {
        if (string.IsNullOrEmpty(fingerprint)) return this;
        return this with { Datasets = new SortedDictionary<string, string>(Datasets, StringComparer.Ordinal) { [experiment] = fingerprint } };
    }

    /// <summary>
    /// Captures the current environment for a suite over <paramref name="claims"/>, in the repository at <paramref name="repository"/>;
    /// <paramref name="device"/> is the session's REPROSPEC_DEVICE (SessionSettings.Device), recorded with the numerics variables.
    /// </summary>
    public static EnvironmentManifest Capture(Assembly? claims, int workers, int threadsPerRun, string? repository, string? device = null)
    {
        var deps = claims is null ? null : DepsLibraries(claims);
        return new EnvironmentManifest
        {
            Os = RuntimeInformation.OSDescription,
            Kernel = KernelRelease(),
            Architecture = RuntimeInformation.OSArchitecture.ToString(),
            Cpu = CpuModel(),
            CpuFeatures = CpuIsa(),
            Cores = Environment.ProcessorCount,
            MemoryBytes = MemoryBytesTotal(),
            Gpu = GpuDescription(),
            Runtime = RuntimeInformation.FrameworkDescription,
            TorchSharp = TorchSharpVersion(claims),
            LibTorch = deps?.Where(p => p.Key.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase)).Select(p => $"{p.Key} {p.Value}").FirstOrDefault() ?? "not used",
            Packages = deps ?? ReferencedAssemblies(claims),
            Workers = workers,
            ThreadsPerRun = threadsPerRun,
            Variables = NumericsVariables(device),
            GitCommit = Git(repository, "rev-parse HEAD")?.Trim() is { Length: > 0 } commit ? commit : "unknown",
            GitDirty = Git(repository, "status --porcelain --untracked-files=no") is { } status ? (status.Trim().Length > 0 ? "yes" : "no") : "unknown",
        };
    }

    /// <summary>
    /// What differs between two manifests' machine environments (the fields of their ids), one "field: a → b" line
    /// each (dictionaries and lists compared per entry).
    /// </summary>
    public static IReadOnlyList<string> Differences(EnvironmentManifest a, EnvironmentManifest b)
    {
        var left = JsonNode.Parse(a.MachineJson())!.AsObject();
        var right = JsonNode.Parse(b.MachineJson())!.AsObject();
        var differences = new List<string>();
        foreach (var name in left.Select(p => p.Key).Union(right.Select(p => p.Key)).Order(StringComparer.Ordinal))
        {
            var x = left[name];
            var y = right[name];
            if (x is JsonArray || y is JsonArray)
            {
                var xs = (x as JsonArray ?? []).Select(Show).ToList();
                var ys = (y as JsonArray ?? []).Select(Show).ToList();
                var gone = xs.Except(ys).ToList();
                var added = ys.Except(xs).ToList();
                if (gone.Count + added.Count > 0)
                    differences.Add($"{name}: {string.Join(" ", gone.Select(g => "−" + g).Concat(added.Select(n => "+" + n)))}");
            }
            else if (x is JsonObject || y is JsonObject)
            {
                var xo = x as JsonObject ?? [];
                var yo = y as JsonObject ?? [];
                foreach (var key in xo.Select(p => p.Key).Union(yo.Select(p => p.Key)).Order(StringComparer.Ordinal))
                {
                    if (!JsonNode.DeepEquals(xo[key], yo[key]))
                        differences.Add($"{name}.{key}: {Show(xo[key])} → {Show(yo[key])}");
                }
            }
            else if (!JsonNode.DeepEquals(x, y))
            {
                differences.Add($"{name}: {Show(x)} → {Show(y)}");
            }
        }
        return differences;
    }

    static string Show(JsonNode? node) => node is null ? "(absent)" : node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();

    /// <summary>Human-readable form, one field a line.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"environment {Id}\n");
        foreach (var (name, node) in JsonNode.Parse(ToJson())!.AsObject())
        {
            if (node is JsonObject map)
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}:{(map.Count == 0 ? " (none)" : "")}\n");
                foreach (var (key, value) in map) text.Append(CultureInfo.InvariantCulture, $"  {key} = {Show(value)}\n");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}: {Show(node)}\n");
            }
        }
        return text.ToString();
    }

    static string KernelRelease()
    {
        const string release = "/proc/sys/kernel/osrelease";
        if (OperatingSystem.IsLinux() && File.Exists(release)) return File.ReadAllText(release).Trim();
        return Environment.OSVersion.VersionString;
    }

    static string CpuModel()
    {
        if (OperatingSystem.IsLinux() && File.Exists("/proc/cpuinfo"))
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null) return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        if (OperatingSystem.IsMacOS() && Run("sysctl", "-n machdep.cpu.brand_string") is { Length: > 0 } mac) return mac.Trim();
        return Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER") ?? "unknown";
    }

    static IReadOnlyList<string> CpuIsa()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/cpuinfo")) return [];
        var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal) || l.StartsWith("Features", StringComparison.Ordinal));
        if (line is null) return [];
        var flags = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return IsaFlags.Where(flags.Contains).ToList();
    }

    static long MemoryBytesTotal()
    {
        if (OperatingSystem.IsLinux() && File.Exists("/proc/meminfo"))
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts is { Length: >= 2 } && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kib)) return kib * 1024;
        }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    static string GpuDescription()
    {
        var smi = OnPath(OperatingSystem.IsWindows() ? "nvidia-smi.exe" : "nvidia-smi");
        if (smi is null) return "none";
        var output = Run(smi, "--query-gpu=name,driver_version --format=csv,noheader");
        if (output is null) return "nvidia-smi failed";
        var gpus = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return gpus.Length == 0 ? "none" : string.Join("; ", gpus);
    }

    static string TorchSharpVersion(Assembly? claims)
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName()).FirstOrDefault(n => n.Name == "TorchSharp");
        if (loaded is not null) return $"{loaded.Version} (loaded)";
        var referenced = claims is null ? null : ReferencedAssemblies(claims).GetValueOrDefault("TorchSharp");
        return referenced is null ? "not used" : $"{referenced} (referenced)";
    }

    static SortedDictionary<string, string> ReferencedAssemblies(Assembly? claims)
    {
        var packages = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (claims is null) return packages;
        foreach (var reference in claims.GetReferencedAssemblies())
        {
            if (reference.Name is { } name) packages[name] = reference.Version?.ToString() ?? "?";
        }
        return packages;
    }

    /// <summary>The NuGet packages the claims assembly's deps file lists ("libraries" of type package).</summary>
    static SortedDictionary<string, string>? DepsLibraries(Assembly claims)
    {
        var directory = Path.GetDirectoryName(claims.Location);
        if (string.IsNullOrEmpty(directory)) return null;
        var deps = Path.Combine(directory, claims.GetName().Name + ".deps.json");
        if (!File.Exists(deps)) return null;
        try
        {
            var libraries = JsonNode.Parse(File.ReadAllText(deps))?["libraries"]?.AsObject();
            if (libraries is null) return null;
            var packages = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var (id, node) in libraries)
            {
                if (node?["type"]?.GetValue<string>() != "package") continue;
                var slash = id.IndexOf('/', StringComparison.Ordinal);
                if (slash > 0) packages[id[..slash]] = id[(slash + 1)..];
            }
            return packages;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static SortedDictionary<string, string> NumericsVariables(string? device)
    {
        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (NumericsVariablePrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase))
                && !SecretMarkers.Any(m => name.Contains(m, StringComparison.OrdinalIgnoreCase)))
                variables[name] = entry.Value as string ?? "";
        }
        // The one ReproSpec setting that changes results: which device trains (CUDA and CPU kernels differ).
        if (device is { Length: > 0 }) variables["REPROSPEC_DEVICE"] = device;
        return variables;
    }

    static string? Git(string? repository, string arguments)
    {
        if (repository is null || OnPath(OperatingSystem.IsWindows() ? "git.exe" : "git") is not { } git) return null;
        return Run(git, $"-C \"{repository}\" {arguments}");
    }

    static string? OnPath(string program)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Standard output of a short command, or null when it fails or takes over 10 s.</summary>
    static string? Run(string program, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                CreateNoWindow = true,
            });
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            return process.ExitCode == 0 ? output.Result : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }
    }
}
