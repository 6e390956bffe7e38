namespace ReproSpec.Claims;

/// <summary>Whether larger values of a metric are better (accuracy) or smaller ones (loss, error).</summary>
public enum Direction
{
    HigherIsBetter,
    LowerIsBetter,
}

/// <summary>A metric a claim is about, with the direction that counts as better.</summary>
public sealed record Metric(string Name, Direction Direction)
{
    public static Metric Higher(string name) => new(name, Direction.HigherIsBetter);

    public static Metric Lower(string name) => new(name, Direction.LowerIsBetter);

    /// <summary>Guesses the direction from the name: loss, error, time and perplexity are lower-is-better.</summary>
    public static Metric Named(string name)
    {
        string[] lower = ["loss", "error", "err", "seconds", "time", "perplexity", "mse", "mae", "rmse", "nll"];
        var parts = name.ToLowerInvariant().Split('_', '-', '.', ' ');
        return parts.Any(p => lower.Contains(p)) ? Lower(name) : Higher(name);
    }

    public static implicit operator Metric(string name) => Named(name);

    /// <summary>+1 when higher is better, −1 otherwise: multiplying by it makes "better" mean "larger".</summary>
    public int Sign => Direction == Direction.HigherIsBetter ? 1 : -1;

    public override string ToString() => Name;
}
