namespace Consultations.Infrastructure.Embeddings;

public sealed class MiniLmEmbedderOptions
{
    /// <summary>Pieces per model call: bigger batches run faster per text but hold a core longer and pad to the longest piece.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>The most 254-word-piece chunks a long text is split into; what follows is not embedded (a note that long is rare).</summary>
    public int MaxChunksPerText { get; set; } = 8;

    /// <summary>Threads ONNX Runtime may use inside one call; null leaves its default (one per physical core).</summary>
    public int? IntraOpThreads { get; set; }
}
