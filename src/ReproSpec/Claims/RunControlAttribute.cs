namespace ReproSpec.Claims;

/// <summary>
/// Marks an experiment parameter that steers how a run is executed, not what it computes (a timeout, an install hint):
/// it travels with the experiment to worker processes but stays out of the run key, so changing it retrains nothing.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class RunControlAttribute : Attribute;
