namespace Consultations.Core.Import;

/// <summary>How much of a file an import reads before it refuses it; the defaults suit any real file of notes.</summary>
public sealed record ImportLimits
{
    public static ImportLimits Default { get; } = new();

    /// <summary>The largest file accepted, in bytes (20 MB).</summary>
    public long MaxBytes { get; init; } = 20L * 1024 * 1024;

    /// <summary>The most a Word or Excel file may unpack to, counted as it is read (200 MB): more is a zip bomb.</summary>
    public long MaxUncompressedBytes { get; init; } = 200L * 1024 * 1024;

    /// <summary>The most parts a Word or Excel package may hold.</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>The most blocks (paragraphs, list items, rows) one file may give.</summary>
    public int MaxBlocks { get; init; } = 20_000;
}
