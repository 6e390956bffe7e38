// Compiled by MSBuild's RoslynCodeTaskFactory from ReproSpec.Torch.targets; not part of the library.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>Marks one symbol-version need of an ELF64 shared library weak (VER_FLG_WEAK), in place.</summary>
public class ReproSpecMarkGlibcxxNeedWeak : Task
{
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            var path = item.GetMetadata("FullPath");
            try
            {
                var outcome = Patch(path, VersionName);
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

    /// <summary>Returns what was done; throws InvalidDataException when the file is not what TorchSharp ships.</summary>
    public static string Patch(string path, string versionName)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (bytes[4] != 2 || bytes[5] != 1)
            throw new InvalidDataException("not a 64-bit little-endian ELF file (class " + bytes[4] + ", data " + bytes[5] + ")");

        long shoff = (long)BitConverter.ToUInt64(bytes, 0x28);
        int shentsize = BitConverter.ToUInt16(bytes, 0x3A);
        int shnum = BitConverter.ToUInt16(bytes, 0x3C);
        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(bytes, (int)sh + 4) != ShtGnuVerneed) continue;

            long offset = (long)BitConverter.ToUInt64(bytes, (int)sh + 0x18);
            int link = (int)BitConverter.ToUInt32(bytes, (int)sh + 0x28);
            int count = (int)BitConverter.ToUInt32(bytes, (int)sh + 0x2C);
            long strtab = (long)BitConverter.ToUInt64(bytes, (int)(shoff + (long)link * shentsize) + 0x18);

            long need = offset;
            for (int n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(bytes, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(bytes, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    int flagsAt = (int)aux + 4;
                    string name = ReadCString(bytes, strtab + BitConverter.ToUInt32(bytes, (int)aux + 8));
                    if (name == versionName)
                    {
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
                    uint next = BitConverter.ToUInt32(bytes, (int)aux + 12);
                    if (next == 0) break;
                    aux += next;
                }
                uint nextNeed = BitConverter.ToUInt32(bytes, (int)need + 12);
                if (nextNeed == 0) break;
                need += nextNeed;
            }
            return "no need for " + versionName + ": nothing to do";
        }
        return "no .gnu.version_r section: nothing to do";
    }

    static string ReadCString(byte[] bytes, long at)
    {
        int end = (int)at;
        while (end < bytes.Length && bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(bytes, (int)at, end - (int)at);
    }
}
