using TorchSharp;

namespace ReproSpec.Torch;

/// <summary>Chooses the torch device runs train on: CUDA when available, else CPU; REPROSPEC_DEVICE=cpu|cuda overrides.</summary>
public static class Devices
{
    /// <summary>Environment variable that forces the device: "cpu", "cuda" or "auto".</summary>
    public const string EnvironmentVariable = "REPROSPEC_DEVICE";

    /// <summary>REPROSPEC_DEVICE when set, else CUDA if torch sees a GPU, else CPU.</summary>
    public static torch.Device Select() => Select(null);

    /// <summary>
    /// REPROSPEC_DEVICE when set (the user's explicit choice wins), else <paramref name="requested"/>
    /// ("cpu", "cuda", or "auto"/null for CUDA when available).
    /// </summary>
    public static torch.Device Select(string? requested)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        var (value, origin) = string.IsNullOrWhiteSpace(fromEnvironment)
            ? (requested, "the run's requested device")
            : (fromEnvironment, EnvironmentVariable);
        return torch.device(Resolve(value, origin, torch.cuda.is_available()));
    }

    /// <summary>The pure decision behind <see cref="Select(string?)"/>; <paramref name="origin"/> names the setting in errors.</summary>
    public static DeviceType Resolve(string? requested, string origin, bool cudaAvailable)
    {
        var value = requested?.Trim().ToLowerInvariant();
        switch (value)
        {
            case null or "" or "auto":
                return cudaAvailable ? DeviceType.CUDA : DeviceType.CPU;
            case "cpu":
                return DeviceType.CPU;
            case "cuda":
                if (!cudaAvailable)
                    throw new InvalidOperationException(
                        $"{origin} asks for \"cuda\", but torch.cuda.is_available() is false on this machine: " +
                        "no CUDA GPU or driver is visible, or the project references TorchSharp-cpu. " +
                        $"Reference a CUDA build of TorchSharp (TorchSharp-cuda-linux or TorchSharp-cuda-windows) on a machine with an NVIDIA driver, or set {EnvironmentVariable}=cpu.");
                return DeviceType.CUDA;
            default:
                throw new ArgumentException(
                    $"{origin} is \"{requested}\"; use \"cpu\", \"cuda\" or \"auto\" (CUDA when available, else CPU).", nameof(requested));
        }
    }
}
