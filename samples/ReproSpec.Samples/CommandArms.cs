using ReproSpec.Experiments;

namespace ReproSpec.Samples;

/// <summary>CommandExperiment declarations from docs/experiments.md: compiled here, not run (they need the scripts they name).</summary>
public static class CommandArms
{
    #region command-json
    // train.py prints its metrics as its last line: print(json.dumps({"test_accuracy": acc}))
    public static readonly CommandExperiment PyTorchMlp = new(
        Label: "PyTorch MLP",
        Command: "python3 train.py --seed {seed} --epochs 3 --data {path:data}",
        Code: ["python"],                 // the folder of scripts: hashed by content into every run's identity
        Data: ["data/train.csv"],         // hashed too: edit the data and the stored runs are not reused
        WorkingDirectory: "python",       // copied afresh for every run; the command runs in the copy
        TimeoutSeconds: 900,
        Requires: "python3 -c \"import torch\"",
        Install: "apt-get install python3-torch");
    #endregion

    #region command-patterns
    // An unmodified script that prints "Test set: Average loss: 0.0315, Accuracy: 9899/10000 (99%)".
    public static readonly CommandExperiment MnistExample = new(
        Label: "pytorch/examples mnist",
        Command: "python3 main.py --seed {seed} --epochs 1",
        Code: ["mnist"],
        WorkingDirectory: "mnist",
        Patterns: [new MetricPattern("test_accuracy", @"Accuracy: (\d+)/(\d+)"), new MetricPattern("test_loss", @"Average loss: ([0-9.]+)")]);
    #endregion

    #region command-repository
    // An unmodified repository (vendor/digits-example): its script digits/main.py takes --seed, reads ../data/digits.csv.gz
    // and prints "Test set: Average loss: 0.4109, Accuracy: 550/597 (92%)" after each epoch.
    public static readonly CommandExperiment DigitsExample = new(
        Label: "digits-example softmax",
        Command: "python3 main.py --seed {seed} --epochs 3 --log-interval 0",
        WorkingDirectory: "digits",                 // inside the repository: where the script runs
        Patterns: [new MetricPattern("test_accuracy", @"Accuracy: (\d+)/(\d+)"), new MetricPattern("test_loss", @"Average loss: ([0-9.]+)")],
        TimeoutSeconds: 600)                        // run control: changing it retrains nothing
    {
        Repository = "vendor/digits-example",       // copied afresh for every run; all of it is hashed as code
        Mounts = [new Mount("data", "../data")],    // the project's data folder, where the script looks for it
    };
    #endregion
}
