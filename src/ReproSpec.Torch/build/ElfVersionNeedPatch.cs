// Compiled by MSBuild's RoslynCodeTaskFactory from ReproSpec.Torch.targets; not part of the library.
// ReproSpec.Torch.Tests compiles only the ELF logic (REPROSPEC_ELF_ONLY), so it needs no MSBuild packages;
// there the project's implicit usings supply System and System.IO.
// Both types stay in the global namespace: the code task factory looks the task up by its bare name.
#pragma warning disable CA1050
#if !REPROSPEC_ELF_ONLY
using System;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>Marks one symbol-version need of an ELF64 shared library weak (VER_FLG_WEAK), in place.</summary>
public class ReproSpecMarkGlibcxxNeedWeak : Task
{
    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            var path = item.GetMetadata("FullPath");
            try
            {
                var outcome = ReproSpecElfVersionNeed.MarkWeak(path, VersionName);
                Log.LogMessage(MessageImportance.Normal, "ReproSpec: " + outcome + " (" + path + ")");
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
            {
                Log.LogError("ReproSpec could not mark " + VersionName + " weak in " + path + ": " + e.Message +
                    " TorchSharp will fail to load where libstdc++ lacks " + VersionName +
                    ". Check that the file is a writable ELF64 little-endian library, or set ReproSpecSkipLibTorchSharpPatch=true if your libstdc++ is GCC 13 or newer.");
            }
        }
        return !Log.HasLoggedErrors;
    }
}
#endif

/// <summary>Reads and sets the flags of one symbol-version need (.gnu.version_r) of an ELF64 little-endian file.</summary>
public static class ReproSpecElfVersionNeed
{
    const uint ShtGnuVerneed = 0x6ffffffe;
    public const ushort VerFlgWeak = 0x2;

    /// <summary>Sets VER_FLG_WEAK on the need and returns what was done; throws InvalidDataException when the file is not what TorchSharp ships.</summary>
    public static string MarkWeak(string path, string versionName)
    {
        var bytes = File.ReadAllBytes(path);
        int flagsAt = FindFlagsOffset(bytes, versionName, out var absent);
        if (flagsAt < 0) return absent;

        ushort flags = BitConverter.ToUInt16(bytes, flagsAt);
        if ((flags & VerFlgWeak) != 0) return versionName + " already weak";
        var stamp = File.GetLastWriteTimeUtc(path);
        flags |= VerFlgWeak;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            stream.Position = flagsAt;
            stream.Write(BitConverter.GetBytes(flags), 0, 2);
        }
        // Keep the timestamp so MSBuild's incremental copy does not see a changed file.
        File.SetLastWriteTimeUtc(path, stamp);
        return "marked " + versionName + " weak";
    }

    /// <summary>The need's vna_flags, or -1 when the file has no need for <paramref name="versionName"/>.</summary>
    public static int ReadFlags(string path, string versionName)
    {
        var bytes = File.ReadAllBytes(path);
        int flagsAt = FindFlagsOffset(bytes, versionName, out _);
        return flagsAt < 0 ? -1 : BitConverter.ToUInt16(bytes, flagsAt);
    }

    static int FindFlagsOffset(byte[] bytes, string versionName, out string absent)
    {
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file (no \\x7fELF magic at its start)");
        if (bytes[4] != 2 || bytes[5] != 1)
            throw new InvalidDataException("not a 64-bit little-endian ELF file (class " + bytes[4] + ", data " + bytes[5] + ")");

        long shoff = (long)BitConverter.ToUInt64(bytes, 0x28);
        int shentsize = BitConverter.ToUInt16(bytes, 0x3A);
        int shnum = BitConverter.ToUInt16(bytes, 0x3C);
        if (shentsize < 0x40)
            throw new InvalidDataException("malformed ELF file: section header entries of " + shentsize + " bytes, expected 64");
        Within(bytes, shoff, (long)shnum * shentsize, "section header table");
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(bytes, (int)sh + 4) != ShtGnuVerneed) continue;

            long offset = (long)BitConverter.ToUInt64(bytes, (int)sh + 0x18);
            uint link = BitConverter.ToUInt32(bytes, (int)sh + 0x28);
            uint count = BitConverter.ToUInt32(bytes, (int)sh + 0x2C);
            if (link >= shnum)
                throw new InvalidDataException("malformed ELF file: .gnu.version_r links to section " + link + " of " + shnum);
            long strtab = (long)BitConverter.ToUInt64(bytes, (int)(shoff + link * shentsize) + 0x18);

            long need = offset;
            for (uint n = 0; n < count; n++)
            {
                Within(bytes, need, 16, "version need entry");
                int auxCount = BitConverter.ToUInt16(bytes, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(bytes, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    Within(bytes, aux, 16, "version need auxiliary entry");
                    string name = ReadCString(bytes, strtab + BitConverter.ToUInt32(bytes, (int)aux + 8));
                    if (name == versionName)
                    {
                        absent = "";
                        return (int)aux + 4;
                    }
                    uint next = BitConverter.ToUInt32(bytes, (int)aux + 12);
                    if (next == 0) break;
                    aux += next;
                }
                uint nextNeed = BitConverter.ToUInt32(bytes, (int)need + 12);
                if (nextNeed == 0) break;
                need += nextNeed;
            }
            absent = "no need for " + versionName + ": nothing to do";
            return -1;
        }
        absent = "no .gnu.version_r section: nothing to do";
        return -1;
    }

    // A truncated or corrupt file must end in a clear InvalidDataException, not an IndexOutOfRangeException
    // that MSBuild would report as a task crash.
    static void Within(byte[] bytes, long at, long length, string what)
    {
        if (at < 0 || length < 0 || at + length > bytes.Length)
            throw new InvalidDataException("truncated or malformed ELF file: its " + what + " at offset " + at + " lies outside the file's " + bytes.Length + " bytes");
    }

    static string ReadCString(byte[] bytes, long at)
    {
        Within(bytes, at, 1, "version name");
        int end = (int)at;
        while (end < bytes.Length && bytes[end] != 0) end++;
        return System.Text.Encoding.ASCII.GetString(bytes, (int)at, end - (int)at);
    }
}
