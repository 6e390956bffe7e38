using NUnit.Framework;
using ReproSpec.Execution;
using ReproSpec.Store;

namespace ReproSpec.Samples;

/// <summary>The repository arm of docs/experiments.md, run once as a function: the script is found, its data mounted, its text read.</summary>
public class DigitsExampleTests
{
    [Test]
    public void The_unmodified_repository_runs_and_its_printed_accuracy_is_read()
    {
        if (CommandArms.DigitsExample.Unavailable() is { } why) Assert.Ignore(why);
        // One epoch keeps the test short; the arm is otherwise the documented one.
        var arm = CommandArms.DigitsExample with { Command = "python3 main.py --seed {seed} --epochs 1 --log-interval 0" };
        var record = RunOnce.Execute(new RunRequest(arm, 1, []), 1, "", CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(record.Status, Is.EqualTo(RunStatus.Succeeded), record.Error);
            Assert.That(record.Metrics["test_accuracy"], Is.InRange(0.5, 1.0), "softmax regression on 8x8 digits reaches well over chance (0.1) in one epoch");
            Assert.That(record.Output?.Stdout, Does.Contain("Test set: Average loss: "));
            Assert.That(record.Output?.Environment, Does.StartWith("python 3."), "the interpreter's version is kept with the run");
        });
    }
}
