namespace ReproSpec.Experiments;

/// <summary>
/// Lays out one command run's folder: the repository (a fresh copy, or the original read-only), the working directory
/// inside it, and the declared mounts at the paths the script expects.
/// </summary>
sealed record RunLayout(string WorkingDirectory, IReadOnlyList<(string Source, string Target)> Binds)
{
    /// <summary>The layout of <paramref name="arm"/> under the run's temporary folder <paramref name="run"/>.</summary>
    public static RunLayout Prepare(CommandExperiment arm, string run)
    {
        var label = $"{nameof(CommandExperiment)} \"{arm.Label}\"";
        string root;
        if (arm.Repository.Length > 0)
        {
            var repository = arm.Find(arm.Repository);
            // A copy is named as the original, so a script printing its own path or reading ../<name> sees what it would at home.
            root = arm.InPlace ? repository : Path.Combine(run, "work", Path.GetFileName(repository.TrimEnd(Path.DirectorySeparatorChar)));
            if (!arm.InPlace) CopyFolder(repository, root);
        }
        else
        {
            root = Path.Combine(run, "work");
            if (arm.WorkingDirectory.Length > 0) CopyFolder(arm.Find(arm.WorkingDirectory), root);
            else Directory.CreateDirectory(root);
        }

        var working = arm.Repository.Length > 0 && arm.WorkingDirectory.Length > 0 ? Path.GetFullPath(Path.Combine(root, arm.WorkingDirectory)) : root;
        if (!Inside(working, root))
            throw new ArgumentException($"{label}: {nameof(arm.WorkingDirectory)} '{arm.WorkingDirectory}' leaves the repository; give a folder inside it, such as \"mnist\".");
        if (!Directory.Exists(working))
            throw new ArgumentException($"{label}: {nameof(arm.WorkingDirectory)} '{arm.WorkingDirectory}' is not a folder of the repository '{arm.Repository}'.");

        var binds = new List<(string, string)>();
        foreach (var mount in arm.Mounts ?? [])
        {
            var source = arm.Find(mount.Source);
            var target = Path.GetFullPath(Path.Combine(working, mount.Target));
            var writable = arm.InPlace ? run : Path.Combine(run, "work");
            if (arm.InPlace)
            {
                // The repository is not ours to change: the sandbox shows the data there, read-only, for this run only.
                binds.Add((source, target));
                continue;
            }
            if (!Inside(target, writable))
                throw new ArgumentException($"{label}: mount target '{mount.Target}' is outside the run's folder ({Path.GetRelativePath(working, writable)} from the working directory); a script's own paths stay inside its repository.");
            // The copy's own (often empty or placeholder) folder gives way to the project's.
            if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
            else if (File.Exists(target)) File.Delete(target);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            // A link, not a copy: data can be large. Under the sandbox it is read-only like the rest of the project.
            if (Directory.Exists(source)) Directory.CreateSymbolicLink(target, source);
            else File.CreateSymbolicLink(target, source);
        }
        return new RunLayout(working, binds);
    }

    /// <summary>Deletes the run's folder; a process the command left behind may still hold a file, and the OS cleans temporary folders.</summary>
    public static void Remove(string run)
    {
        try
        {
            Directory.Delete(run, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    static bool Inside(string path, string folder)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
    }

    static void CopyFolder(string from, string to)
    {
        if (File.Exists(from))
            throw new ArgumentException($"'{from}' is a file; give a folder of the claims project.");
        Directory.CreateDirectory(to);
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, directory);
            if (!ProjectFiles.IsNotContent(relative)) Directory.CreateDirectory(Path.Combine(to, relative));
        }
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (!ProjectFiles.IsNotContent(relative)) File.Copy(file, Path.Combine(to, relative));
        }
    }
}
