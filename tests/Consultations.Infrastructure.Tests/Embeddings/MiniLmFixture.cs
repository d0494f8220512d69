using Consultations.Infrastructure.Embeddings;

namespace Consultations.Infrastructure.Tests.Embeddings;

/// <summary>The real all-MiniLM-L6-v2 encoder, shared by the assembly; nothing is loaded until a test embeds.</summary>
public sealed class MiniLmFixture : IDisposable
{
    public MiniLmEmbedder Embedder { get; } = new();

    public void Dispose() => Embedder.Dispose();
}
