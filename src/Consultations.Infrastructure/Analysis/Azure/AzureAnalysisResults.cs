using System.Collections;
using Consultations.Core.Analysis;

namespace Consultations.Infrastructure.Analysis.Azure;

/// <summary>
/// What the Azure engine's list operations return: one result per document the service analysed, in input order,
/// leaving out the documents it refused; those are in <see cref="Errors"/>, also in input order, so a caller can
/// fall back to another engine for exactly them. <see cref="AzureLanguageClient.ErrorsOf{T}"/> reads them through
/// the <see cref="IReadOnlyList{T}"/> the interface returns.
/// </summary>
public sealed class AzureAnalysisResults<T> : IReadOnlyList<T>
{
    private readonly IReadOnlyList<T> _results;

    public AzureAnalysisResults(IReadOnlyList<T> results, IReadOnlyList<AnalysisError> errors)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(errors);
        _results = results;
        Errors = errors;
    }

    public IReadOnlyList<AnalysisError> Errors { get; }

    public int Count => _results.Count;

    public T this[int index] => _results[index];

    public IEnumerator<T> GetEnumerator() => _results.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
