namespace ReproSpec.Torch.Training;

/// <summary>The optimisers a run can train with.</summary>
public enum OptimizerKind
{
    Adam,

    /// <summary>Stochastic gradient descent, optionally with (heavy-ball) momentum.</summary>
    Sgd,
}

/// <summary>How to train: optimiser, learning rate, momentum (SGD), batch size and epochs.</summary>
public sealed record TrainingOptions(OptimizerKind Optimizer = OptimizerKind.Adam, double LearningRate = 1e-3, double Momentum = 0, int BatchSize = 64, int Epochs = 3)
{
    /// <summary>"adam" or "sgd", in any case.</summary>
    public static OptimizerKind ParseOptimizer(string value, string parameter = "Optimizer") =>
        value?.Trim().ToLowerInvariant() switch
        {
            "adam" => OptimizerKind.Adam,
            "sgd" => OptimizerKind.Sgd,
            _ => throw new ArgumentException($"{parameter} is \"{value}\"; use \"adam\" or \"sgd\".", parameter),
        };

    /// <summary>Throws ArgumentException naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            throw new ArgumentException($"LearningRate is {LearningRate}; use a positive finite number such as 1e-3.", nameof(LearningRate));
        if (!(Momentum >= 0 && Momentum < 1))
            throw new ArgumentException($"Momentum is {Momentum}; use a value in [0, 1) (0.9 is usual).", nameof(Momentum));
        if (Momentum > 0 && Optimizer != OptimizerKind.Sgd)
            throw new ArgumentException($"Momentum is {Momentum}, but only SGD takes a momentum (Adam has its own betas); set Optimizer to \"sgd\" or Momentum to 0.", nameof(Momentum));
        if (BatchSize < 1)
            throw new ArgumentException($"BatchSize is {BatchSize}; use a positive number such as 64.", nameof(BatchSize));
        if (Epochs < 1)
            throw new ArgumentException($"Epochs is {Epochs}; train for at least 1 epoch.", nameof(Epochs));
    }
}
