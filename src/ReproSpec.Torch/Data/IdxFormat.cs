using System.Buffers.Binary;
using System.IO.Compression;

namespace ReproSpec.Torch.Data;

/// <summary>Reads gzip-compressed IDX files of unsigned bytes (LeCun's MNIST format: big-endian header, then the values).</summary>
internal static class IdxFormat
{
    const byte UnsignedByte = 0x08;

    public static (int[] Dimensions, byte[] Values) ReadUnsignedBytes(byte[] gzipped, string fileName, int dimensionCount)
    {
        var bytes = Decompress(gzipped, fileName);
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0 || bytes[2] != UnsignedByte || bytes[3] != dimensionCount)
            throw new DataFileException(
                $"'{fileName}' is not an IDX file of unsigned bytes with {dimensionCount} dimension(s): " +
                $"its magic number is {(bytes.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : 0):X8}, expected {0x0800 | dimensionCount:X8}.",
                fileName);

        var headerLength = 4 + 4 * dimensionCount;
        if (bytes.Length < headerLength)
            throw new DataFileException($"'{fileName}' ends inside its IDX header ({bytes.Length} bytes).", fileName);
        var dimensions = new int[dimensionCount];
        long values = 1;
        for (var d = 0; d < dimensionCount; d++)
        {
            dimensions[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (dimensions[d] <= 0)
                throw new DataFileException($"'{fileName}' declares dimension {d} as {dimensions[d]}; IDX dimensions are positive.", fileName);
            values *= dimensions[d];
        }
        if (bytes.Length - headerLength != values)
            throw new DataFileException(
                $"'{fileName}' declares {string.Join(" x ", dimensions)} = {values} values but holds {bytes.Length - headerLength}.", fileName);
        return (dimensions, bytes[headerLength..]);
    }

    public static byte[] Decompress(byte[] gzipped, string fileName)
    {
        try
        {
            using var input = new GZipStream(new MemoryStream(gzipped), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DataFileException($"'{fileName}' is not a valid gzip file: {e.Message}", fileName, null, null, e);
        }
    }
}
