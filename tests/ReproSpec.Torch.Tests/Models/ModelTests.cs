using ReproSpec.Torch.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ReproSpec.Torch.Tests.Models;

public class ModelTests
{
    static float[] Values(Tensor t) => t.detach().cpu().data<float>().ToArray();

    static double StandardDeviation(float[] values)
    {
        var mean = values.Average(v => (double)v);
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }

    static Linear[] Linears(nn.Module module) => module.modules().OfType<Linear>().ToArray();

    [Test]
    public void An_MLP_maps_images_to_class_scores()
    {
        using var scope = NewDisposeScope();
        using var mlp = new Mlp([784, 256, 10]);

        var logits = mlp.forward(zeros(5, 28, 28));

        Assert.Multiple(() =>
        {
            Assert.That(logits.shape, Is.EqualTo(new long[] { 5, 10 }));
            Assert.That(Linears(mlp).Select(l => (l.in_features, l.out_features)), Is.EqualTo(new[] { (784L, 256L), (256L, 10L) }));
            Assert.That(mlp.modules().OfType<ReLU>().Count(), Is.EqualTo(1));
        });
    }

    [Test]
    public void Dropout_and_batch_norm_go_in_each_hidden_layer_only()
    {
        using var mlp = new Mlp([30, 16, 8, 2], dropout: 0.5, batchNorm: true);

        Assert.Multiple(() =>
        {
            Assert.That(mlp.modules().OfType<Dropout>().Count(), Is.EqualTo(2));
            Assert.That(mlp.modules().OfType<BatchNormalization>().Select(b => b.Features), Is.EqualTo(new long[] { 16, 8 }));
        });
    }

    [Test]
    public void The_activation_and_input_dropout_are_chosen_per_model()
    {
        using var sigmoid = new Mlp([784, 100, 100, 100, 10], activation: Activation.Sigmoid, inputDropout: 0.2, dropout: 0.5);
        using var tanh = new Mlp([20, 8, 3], activation: Activation.Tanh);

        Assert.Multiple(() =>
        {
            Assert.That(sigmoid.modules().OfType<Sigmoid>().Count(), Is.EqualTo(3));
            Assert.That(sigmoid.modules().OfType<ReLU>(), Is.Empty);
            Assert.That(sigmoid.modules().OfType<Dropout>().Select(d => d.p), Is.EqualTo(new[] { 0.2, 0.5, 0.5, 0.5 }), "input dropout first, then one per hidden layer");
            Assert.That(sigmoid.Activation, Is.EqualTo(Activation.Sigmoid));
            Assert.That(tanh.modules().OfType<Tanh>().Count(), Is.EqualTo(1));
            Assert.That(() => new Mlp([20, 8, 3], inputDropout: 1), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new Mlp([20, 8, 3], activation: (Activation)9), Throws.TypeOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void The_default_options_build_the_same_weights_as_a_plain_relu_mlp()
    {
        // The defaults must keep shipped runs bit-identical: same modules, same draws from the generator.
        using var scope = NewDisposeScope();
        torch.manual_seed(5).Dispose();
        using var before = Mlp.DeepPlain(784, 32, 4, 10, InitScheme.He);
        torch.manual_seed(5).Dispose();
        using var after = new Mlp([784, 32, 32, 32, 10], 0, false, InitScheme.He, Activation.ReLU, 0);
        torch.manual_seed(5).Dispose();
        using var sigmoid = new Mlp([784, 32, 32, 32, 10], 0, false, InitScheme.He, Activation.Sigmoid, 0.2);

        var names = before.named_modules().Select(m => m.name).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(after.named_modules().Select(m => m.name), Is.EqualTo(names));
            for (var i = 0; i < 4; i++)
            {
                Assert.That(Values(Linears(after)[i].weight!), Is.EqualTo(Values(Linears(before)[i].weight!)), $"layer {i}");
                Assert.That(Values(Linears(sigmoid)[i].weight!), Is.EqualTo(Values(Linears(before)[i].weight!)), $"layer {i}: the activation draws nothing");
            }
        });
    }

    [Test]
    public void Softmax_regression_is_a_single_linear_layer()
    {
        using var model = Mlp.SoftmaxRegression(64, 10);

        Assert.Multiple(() =>
        {
            Assert.That(Linears(model), Has.Length.EqualTo(1));
            Assert.That(model.modules().OfType<ReLU>(), Is.Empty);
        });
    }

    [Test]
    public void The_deep_plain_MLP_has_the_requested_number_of_linear_layers()
    {
        using var model = Mlp.DeepPlain(784, 64, 30, 10, InitScheme.He);

        var linears = Linears(model);
        Assert.Multiple(() =>
        {
            Assert.That(linears, Has.Length.EqualTo(30));
            Assert.That(model.modules().OfType<ReLU>().Count(), Is.EqualTo(29));
            Assert.That(model.modules().OfType<BatchNormalization>(), Is.Empty);
            Assert.That(linears[^1].out_features, Is.EqualTo(10));
        });
    }

    [Test]
    public void He_initialisation_draws_weights_with_variance_2_over_fan_in_and_zero_biases()
    {
        using var scope = NewDisposeScope();
        manual_seed(1).Dispose();
        using var mlp = new Mlp([784, 512, 10], init: InitScheme.He);

        var first = Linears(mlp)[0];
        var sd = StandardDeviation(Values(first.weight!));
        Assert.Multiple(() =>
        {
            // 401,408 draws: the sample deviation is within 1% of sqrt(2/784) with overwhelming probability.
            Assert.That(sd, Is.EqualTo(Math.Sqrt(2.0 / 784)).Within(1).Percent);
            Assert.That(Values(first.bias!), Has.All.Zero);
        });
    }

    [Test]
    public void Xavier_initialisation_draws_uniformly_within_the_Glorot_bound()
    {
        using var scope = NewDisposeScope();
        manual_seed(1).Dispose();
        using var mlp = new Mlp([784, 512, 10], init: InitScheme.Xavier);

        var weights = Values(Linears(mlp)[0].weight!);
        var bound = Math.Sqrt(6.0 / (784 + 512));
        Assert.Multiple(() =>
        {
            Assert.That(weights.Max(v => Math.Abs(v)), Is.LessThanOrEqualTo(bound).And.GreaterThan(0.99 * bound));
            Assert.That(StandardDeviation(weights), Is.EqualTo(bound / Math.Sqrt(3)).Within(1).Percent);
            Assert.That(Values(Linears(mlp)[0].bias!), Has.All.Zero);
        });
    }

    [Test]
    public void The_default_initialisation_is_left_to_TorchSharp()
    {
        using var scope = NewDisposeScope();
        manual_seed(1).Dispose();
        using var mlp = new Mlp([784, 512, 10]);

        // PyTorch's Linear default: Kaiming uniform with a = sqrt(5), i.e. U(±1/sqrt(fan_in)).
        var weights = Values(Linears(mlp)[0].weight!);
        Assert.That(StandardDeviation(weights), Is.EqualTo(1 / Math.Sqrt(784) / Math.Sqrt(3)).Within(1).Percent);
    }

    [Test]
    public void The_same_torch_seed_builds_the_same_weights()
    {
        using var scope = NewDisposeScope();
        manual_seed(7).Dispose();
        using var a = new Mlp([20, 8, 3], init: InitScheme.He);
        manual_seed(7).Dispose();
        using var b = new Mlp([20, 8, 3], init: InitScheme.He);
        manual_seed(8).Dispose();
        using var c = new Mlp([20, 8, 3], init: InitScheme.He);

        var first = Values(Linears(a)[0].weight!);
        Assert.Multiple(() =>
        {
            Assert.That(Values(Linears(b)[0].weight!), Is.EqualTo(first));
            Assert.That(Values(Linears(c)[0].weight!), Is.Not.EqualTo(first));
        });
    }

    [Test]
    public void LeNet5_takes_flat_or_channelled_28_by_28_images()
    {
        using var scope = NewDisposeScope();
        using var net = new LeNet5();

        Assert.Multiple(() =>
        {
            Assert.That(net.forward(zeros(3, 28, 28)).shape, Is.EqualTo(new long[] { 3, 10 }));
            Assert.That(net.forward(zeros(3, 1, 28, 28)).shape, Is.EqualTo(new long[] { 3, 10 }));
            Assert.That(net.modules().OfType<Conv2d>().Count(), Is.EqualTo(2));
            Assert.That(Linears(net).Select(l => l.in_features), Is.EqualTo(new long[] { 400, 120, 84 }));
        });
    }

    [Test]
    public void Moving_batch_normalisation_moves_its_running_statistics()
    {
        // The same Module.to path moves a model to CUDA (not available here): a dtype change exercises it on the CPU.
        using var scope = NewDisposeScope();
        using var norm = new BatchNormalization(2);
        norm.to(ScalarType.Float64);
        var x = tensor(new double[] { 5, 5, 7, 7, 9, 9 }, [3, 2]);

        norm.forward(x); // one training batch: running mean 0.1·7 = 0.7, running variance 0.9 + 0.1·4 = 1.3
        norm.eval();
        var evaluated = norm.forward(x).data<double>().ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(norm.buffers().Select(b => b.dtype), Has.All.EqualTo(ScalarType.Float64));
            Assert.That(evaluated[0], Is.EqualTo((5 - 0.7) / Math.Sqrt(1.3 + 1e-5)).Within(1e-9));
        });
    }

    [Test]
    public void Init_names_are_parsed_and_unknown_ones_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(InitSchemes.Parse("Kaiming"), Is.EqualTo(InitScheme.He));
            Assert.That(InitSchemes.Parse("glorot"), Is.EqualTo(InitScheme.Xavier));
            Assert.That(Assert.Throws<ArgumentException>(() => InitSchemes.Parse("orthogonal"))!.Message,
                Does.Contain("Init is \"orthogonal\"").And.Contain("\"he\""));
        });
    }

    [Test]
    public void Impossible_shapes_are_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => _ = new Mlp([784]));
            Assert.Throws<ArgumentException>(() => _ = new Mlp([784, 0, 10]));
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Mlp([784, 10], dropout: 1));
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = new LeNet5(height: 8, width: 8));
        });
    }
}
