using static TorchSharp.torch;

namespace ReproSpec.Torch.Tests;

public class TorchSmokeTests
{
    [Test]
    public void A_tensor_op_and_a_backward_pass_run()
    {
        var x = tensor(new float[] { 1f, 2f, 3f }, requires_grad: true);
        var y = (x * x).sum();
        y.backward();
        Assert.That(x.grad!.data<float>().ToArray(), Is.EqualTo(new[] { 2f, 4f, 6f }));
    }
}
