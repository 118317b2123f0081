using System.Buffers.Binary;

namespace ContactCenter.Letters.Fonts;

/// <summary>Big-endian reads with bounds checks, so a damaged font gives an <see cref="InvalidFontException"/>, not an index error.</summary>
internal readonly struct FontReader(byte[] data, string source)
{
    public int Length => data.Length;

    public ushort U16(int offset) => BinaryPrimitives.ReadUInt16BigEndian(Slice(offset, 2));

    public short S16(int offset) => BinaryPrimitives.ReadInt16BigEndian(Slice(offset, 2));

    public uint U32(int offset) => BinaryPrimitives.ReadUInt32BigEndian(Slice(offset, 4));

    public ReadOnlySpan<byte> Slice(int offset, int length)
    {
        if (offset < 0 || length < 0 || (long)offset + length > data.Length)
        {
            throw new InvalidFontException($"The font file '{source}' is damaged: it ends before the data it declares (offset {offset}, length {length}).");
        }
        return data.AsSpan(offset, length);
    }
}
