using System.Text.Json;
using ReproSpec.Store;

namespace ReproSpec.Execution;

/// <summary>
/// One run sent to a worker process: the experiment's assembly-qualified type name and JSON parameters, and the
/// run key the parent computed (the worker refuses a rebuilt experiment whose key differs).
/// </summary>
public sealed record WorkerRequest(string ExperimentType, string Parameters, int Seed, IReadOnlyList<string> FixedSources, int Threads, string Key, string Environment);

/// <summary>A worker's answer: the run's record, or why the run could not even be attempted.</summary>
public sealed record WorkerResponse(RunRecord? Record, string? Error);

/// <summary>The wire format between engine and worker: one JSON object per line on stdin/stdout.</summary>
public static class WorkerProtocol
{
    static readonly JsonSerializerOptions Options = new(RecordJson.Options) { WriteIndented = false };

    public static string Write(WorkerRequest request) => JsonSerializer.Serialize(request, Options);

    public static string Write(WorkerResponse response) => JsonSerializer.Serialize(response, Options);

    public static WorkerRequest ReadRequest(string line) =>
        JsonSerializer.Deserialize<WorkerRequest>(line, Options) ?? throw new JsonException("empty worker request");

    public static WorkerResponse ReadResponse(string line) =>
        JsonSerializer.Deserialize<WorkerResponse>(line, Options) ?? throw new JsonException("empty worker response");

    public static WorkerRequest RequestFor(RunRequest request, int threads, string environment)
    {
        var type = request.Experiment.GetType();
        return new WorkerRequest(type.AssemblyQualifiedName ?? type.FullName ?? type.Name, Planning.RunIdentity.ParametersOf(request.Experiment),
            request.Seed, request.FixedSources, threads, request.Key, environment);
    }

    /// <summary>
    /// The worker's side: answers requests from <paramref name="input"/> on <paramref name="output"/> until
    /// the input ends. Each request is rebuilt with System.Text.Json and executed by <see cref="RunOnce"/>.
    /// </summary>
    public static void Serve(TextReader input, TextWriter output)
    {
        while (input.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            WorkerResponse response;
            try
            {
                response = Answer(ReadRequest(line));
            }
            catch (Exception e)
            {
                response = new WorkerResponse(null, $"{e.GetType().Name}: {e.Message}");
            }
            output.WriteLine(Write(response));
            output.Flush();
        }
    }

    static WorkerResponse Answer(WorkerRequest request)
    {
        var type = Type.GetType(request.ExperimentType, throwOnError: false);
        if (type is null)
            return new WorkerResponse(null, $"worker cannot load experiment type '{request.ExperimentType}': the worker was started with a deps file that does not list its assembly");
        if (!typeof(Claims.Experiment).IsAssignableFrom(type))
            return new WorkerResponse(null, $"'{type.FullName}' is not a ReproSpec experiment");
        var experiment = (Claims.Experiment?)JsonSerializer.Deserialize(request.Parameters, type)
            ?? throw new JsonException($"parameters of {type.Name} deserialised to null");
        var run = new RunRequest(experiment, request.Seed, request.FixedSources);
        if (run.Key != request.Key)
        {
            var rebuilt = Planning.RunIdentity.ParametersOf(experiment);
            // Equal parameters and another key: the worker runs other code than the planner hashed (another deps file or build).
            return new WorkerResponse(null, rebuilt == request.Parameters
                ? $"the worker computes run key {run.Key} for {type.Name} seed {request.Seed}, the planner {request.Key}, from the same parameters: " +
                  $"the worker loaded other code ({type.Assembly.Location}) than the planner hashed. Rebuild the claims project and run again; " +
                  "if it persists, report it with both keys."
                : $"experiment {type.Name} does not round-trip through System.Text.Json: parameters {request.Parameters} rebuild as {rebuilt}. " +
                  "Declare every knob as a public property the constructor sets (a positional record), or set REPROSPEC_ISOLATION=inprocess.");
        }
        return new WorkerResponse(RunOnce.Execute(run, request.Threads, request.Environment, CancellationToken.None), null);
    }
}
