using Consultations.Infrastructure.Embeddings;

namespace Consultations.Infrastructure.Tests.Embeddings;

/// <summary>
/// The classes that run the real model: alone, after the rest, because ONNX Runtime takes every core while it embeds and
/// the index's freshness tests (a change searchable within a second) share the machine with them otherwise.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealModelGroup
{
    public const string Name = "Real model";
}

/// <summary>The real all-MiniLM-L6-v2 encoder, shared by the assembly; nothing is loaded until a test embeds.</summary>
public sealed class MiniLmFixture : IDisposable
{
    public MiniLmEmbedder Embedder { get; } = new();

    public void Dispose() => Embedder.Dispose();
}
