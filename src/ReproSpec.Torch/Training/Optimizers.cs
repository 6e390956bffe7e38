using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ReproSpec.Torch.Training;

/// <summary>A gradient-descent update rule that owns every native Scalar it hands to libtorch.</summary>
/// <remarks>
/// TorchSharp 0.107's optimisers pass temporary Scalars (converted implicitly from double) to native code
/// without keeping them alive, so a garbage collection during the call can let the finaliser free the
/// Scalar while libtorch reads it. We saw runs fail with "Expected false to be true" (c10 Scalar.h) or
/// "Unknown scalar type" in about 1 of 150 runs, and in 35 of 150 under GC pressure. These optimisers keep
/// each Scalar referenced (fields, or <c>using</c> locals) until the native call has returned, and
/// reproduce torch.optim.Adam and torch.optim.SGD (dampening 0, no Nesterov) bit for bit (OptimizerTests).
/// </remarks>
internal abstract class Optimizer : IDisposable
{
    protected Optimizer(IEnumerable<Parameter> parameters)
    {
        Parameters = parameters.ToArray();
    }

    protected IReadOnlyList<Parameter> Parameters { get; }

    public static Optimizer Create(TrainingOptions options, IEnumerable<Parameter> parameters) => options.Optimizer switch
    {
        OptimizerKind.Adam => new AdamOptimizer(parameters, options.LearningRate),
        OptimizerKind.Sgd => new SgdOptimizer(parameters, options.LearningRate, options.Momentum),
        _ => throw new InvalidOperationException($"Unknown optimiser {options.Optimizer}."),
    };

    /// <summary>Drops every gradient (PyTorch's set_to_none), so the next backward writes it instead of adding to zeros.</summary>
    /// <remarks>
    /// 0 + g is g for every finite g, so the update is the same to the bit (OptimizerTests, the claims' snapshots);
    /// it saves a pass over every gradient to zero it and another to accumulate into it.
    /// </remarks>
    public void zero_grad()
    {
        foreach (var parameter in Parameters)
        {
            using var grad = parameter.grad;
            if (grad is not null) parameter.grad = null;
        }
    }

    /// <summary>One update of every parameter that has a gradient.</summary>
    public void step()
    {
        using var noGrad = no_grad();
        foreach (var (parameter, index) in Parameters.Select((p, i) => (p, i)))
        {
            using var grad = parameter.grad;
            if (grad is not null) Update(parameter, grad, index);
        }
        AfterStep();
    }

    protected abstract void Update(Parameter parameter, Tensor grad, int index);

    protected virtual void AfterStep() { }

    // State tensors live as long as the optimiser, not as long as the batch's dispose scope.
    protected static Tensor[] StateLike(IReadOnlyList<Parameter> parameters) =>
        parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();

    public abstract void Dispose();
}

/// <summary>Adam (Kingma and Ba 2015) with PyTorch's defaults: betas 0.9, 0.999, eps 1e-8, bias correction.</summary>
internal sealed class AdamOptimizer : Optimizer
{
    const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    readonly double learningRate;
    readonly Tensor[] firstMoments;
    readonly Tensor[] secondMoments;
    readonly Scalar beta1 = Beta1.ToScalar(), oneMinusBeta1 = (1 - Beta1).ToScalar();
    readonly Scalar beta2 = Beta2.ToScalar(), oneMinusBeta2 = (1 - Beta2).ToScalar();
    readonly Scalar epsilon = Epsilon.ToScalar();
    readonly Scalar one = 1.0.ToScalar();
    long steps;

    public AdamOptimizer(IEnumerable<Parameter> parameters, double learningRate) : base(parameters)
    {
        this.learningRate = learningRate;
        firstMoments = StateLike(Parameters);
        secondMoments = StateLike(Parameters);
    }

    protected override void Update(Parameter parameter, Tensor grad, int index)
    {
        var step = steps + 1;
        var m = firstMoments[index];
        var v = secondMoments[index];
        m.mul_(beta1).add_(grad, oneMinusBeta1);
        v.mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);
        using var sqrtBiasCorrection2 = Math.Sqrt(1 - Math.Pow(Beta2, step)).ToScalar();
        using var stepSize = (-learningRate / (1 - Math.Pow(Beta1, step))).ToScalar();
        using var denominator = v.sqrt();
        // add_(Scalar) alone would pass TorchSharp's own temporary Scalar for alpha = 1.
        denominator.div_(sqrtBiasCorrection2).add_(epsilon, one);
        parameter.addcdiv_(m, denominator, stepSize);
    }

    protected override void AfterStep() => steps++;

    public override void Dispose()
    {
        foreach (var t in firstMoments.Concat(secondMoments)) t.Dispose();
        foreach (var s in new[] { beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon, one }) s.Dispose();
    }
}

/// <summary>Stochastic gradient descent, with heavy-ball momentum when momentum &gt; 0 (PyTorch's formulation).</summary>
internal sealed class SgdOptimizer : Optimizer
{
    readonly Tensor[]? velocities;
    readonly Scalar negativeLearningRate;
    readonly Scalar momentum;
    readonly Scalar one = 1.0.ToScalar();

    public SgdOptimizer(IEnumerable<Parameter> parameters, double learningRate, double momentum) : base(parameters)
    {
        negativeLearningRate = (-learningRate).ToScalar();
        this.momentum = momentum.ToScalar();
        // PyTorch starts the buffer at the first gradient; 0·momentum + gradient is the same thing.
        velocities = momentum > 0 ? StateLike(Parameters) : null;
    }

    protected override void Update(Parameter parameter, Tensor grad, int index)
    {
        if (velocities is null)
        {
            parameter.add_(grad, negativeLearningRate);
            return;
        }
        var velocity = velocities[index];
        velocity.mul_(momentum).add_(grad, one);
        parameter.add_(velocity, negativeLearningRate);
    }

    public override void Dispose()
    {
        foreach (var t in velocities ?? []) t.Dispose();
        negativeLearningRate.Dispose();
        momentum.Dispose();
        one.Dispose();
    }
}
