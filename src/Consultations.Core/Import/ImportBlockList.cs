using System.Globalization;

namespace Consultations.Core.Import;

/// <summary>
/// The blocks a reader emits, numbered from 1 in reading order. Past the limit it only counts, so that the refusal can
/// say how many blocks the file has without holding them all.
/// </summary>
internal sealed class ImportBlockList(int maxBlocks)
{
    private readonly List<ImportBlock> _blocks = [];

    /// <summary>How many blocks were emitted so far, including those past the limit.</summary>
    public int Count { get; private set; }

    /// <summary>The position the next block will get.</summary>
    public int NextPosition => Count + 1;

    public void Add(string location, ImportBlockKind kind, string text, ImportColumns? columns = null)
    {
        Count++;
        if (Count <= maxBlocks)
        {
            _blocks.Add(new ImportBlock(Count, location, kind, text, columns));
        }
    }

    /// <summary>The blocks, or a refusal when the file has more than the limit.</summary>
    public IReadOnlyList<ImportBlock> ToList()
    {
        if (Count > maxBlocks)
        {
            throw new ImportFileException(string.Create(
                CultureInfo.InvariantCulture,
                $"The file has {Count:N0} paragraphs, list items or rows; one import takes at most {maxBlocks:N0}. Split the file into smaller ones and import each."));
        }

        return _blocks;
    }
}
