namespace Consultations.Core.Analysis;

/// <summary>
/// Turns texts into sentence embeddings for search by meaning: one L2-normalised vector per text, in the order given,
/// so the cosine similarity of two vectors is their dot product. Implementations load their model lazily and say
/// which model they are, because vectors from different models cannot be compared.
/// </summary>
public interface ITextEmbedder
{
    /// <summary>The model's name (e.g. "all-MiniLM-L6-v2"); a stored vector is only valid for the model that made it.</summary>
    string Model { get; }

    /// <summary>The length of every vector.</summary>
    int Dimensions { get; }

    /// <summary>Whether the model is loaded, so a caller can tell "warming up" from "slow".</summary>
    bool IsLoaded { get; }

    /// <summary>Loads the model if it is not loaded yet (otherwise returns at once); every other call loads it too.</summary>
    Task WarmUpAsync(CancellationToken cancellationToken = default);

    /// <summary>One unit-length vector of <see cref="Dimensions"/> floats per text, in input order; an empty batch gives an empty list.</summary>
    Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);
}
