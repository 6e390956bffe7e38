namespace ReproSpec.Snapshots;

/// <summary>Where a claim method's snapshots live: <c>&lt;FixtureFile&gt;.&lt;Method&gt;.verified.json</c> beside the fixture's source file.</summary>
public static class SnapshotFiles
{
    public const string VerifiedSuffix = ".verified.json";
    public const string ReceivedSuffix = ".received.json";

    /// <summary>The file name stem: the source file's name without extension, a dot, the method name.</summary>
    public static string Stem(string sourceFile, string method) => $"{Path.GetFileNameWithoutExtension(sourceFile)}.{method}";

    public static string Verified(string sourceFile, string method) =>
        Path.Combine(Path.GetDirectoryName(sourceFile) ?? ".", Stem(sourceFile, method) + VerifiedSuffix);

    public static string Received(string sourceFile, string method) =>
        Path.Combine(Path.GetDirectoryName(sourceFile) ?? ".", Stem(sourceFile, method) + ReceivedSuffix);

    /// <summary>The verified file a received file would become.</summary>
    public static string VerifiedFor(string receivedPath) =>
        receivedPath.EndsWith(ReceivedSuffix, StringComparison.Ordinal)
            ? receivedPath[..^ReceivedSuffix.Length] + VerifiedSuffix
            : throw new ArgumentException($"{receivedPath} is not a received snapshot (*{ReceivedSuffix}).", nameof(receivedPath));

    /// <summary>
    /// Verified snapshots that belong to no claim method any more (renamed or deleted claims): files named
    /// <c>&lt;FixtureFile&gt;.*.verified.json</c> beside a fixture source file that declares claims, other than the
    /// expected ones. Only fixture files that still declare a claim are searched, so other tools' snapshots are left alone.
    /// </summary>
    public static IReadOnlyList<string> Orphans(IEnumerable<(string SourceFile, string Method)> claims)
    {
        var list = claims.ToList();
        var wanted = list.Select(c => Path.GetFullPath(Verified(c.SourceFile, c.Method))).ToHashSet(StringComparer.Ordinal);
        return list.Select(c => Path.GetFullPath(c.SourceFile)).Distinct(StringComparer.Ordinal)
            .Where(f => Directory.Exists(Path.GetDirectoryName(f)))
            .SelectMany(f => Directory.EnumerateFiles(Path.GetDirectoryName(f)!, Path.GetFileNameWithoutExtension(f) + ".*" + VerifiedSuffix))
            .Select(Path.GetFullPath)
            .Where(f => !wanted.Contains(f))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>What makes a parsed snapshot unusable (no claims list, an arm without values, seeds and values of other lengths), or null when it is sound.</summary>
    public static string? Problem(DistributionSnapshot snapshot)
    {
        if (snapshot.Claims is null) return "it has no \"claims\" list";
        foreach (var claim in snapshot.Claims)
        {
            if (claim is null || string.IsNullOrEmpty(claim.Sentence)) return "a claim has no sentence";
            if (claim.Arms is null) return $"claim \"{claim.Sentence}\" has no \"arms\" list";
            foreach (var arm in claim.Arms)
            {
                if (arm is null || arm.Seeds is null || arm.Values is null) return $"an arm of \"{claim.Sentence}\" has no seeds or values";
                if (arm.Seeds.Count != arm.Values.Count) return $"arm {arm.Name} of \"{claim.Sentence}\" has {arm.Seeds.Count} seeds but {arm.Values.Count} values";
                foreach (var set in arm.Accepted ?? [])
                {
                    if (set?.Seeds is null || set.Values is null || set.Seeds.Count != set.Values.Count || set.Environments is null)
                        return $"an accepted environment of arm {arm.Name} of \"{claim.Sentence}\" has no environments, or seeds and values of other lengths";
                }
            }
        }
        return null;
    }
}
