using Consultations.Core.Analysis;

namespace Consultations.Infrastructure.Analysis.Azure;

/// <summary>
/// Azure AI Language could not give an answer: an HTTP error after retries (<see cref="Status"/>, <see cref="ErrorCode"/>),
/// a timeout, an unreachable endpoint, a response that is not the documented shape, or a failed summarization job.
/// Per-document refusals are not exceptions (see <see cref="AzureAnalysisResults{T}"/>) except when a summary has no
/// document left to summarize (<see cref="DocumentErrors"/>).
/// </summary>
public sealed class AzureLanguageException : Exception
{
    public AzureLanguageException()
    {
    }

    public AzureLanguageException(string message)
        : base(message)
    {
    }

    public AzureLanguageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status the service answered with, when the failure is an HTTP error.</summary>
    public int? Status { get; init; }

    /// <summary>The service's error code (e.g. "InvalidRequest", "TooManyRequests"), when it gave one.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Per-document errors, when every document of a summary was refused.</summary>
    public IReadOnlyList<AnalysisError> DocumentErrors { get; init; } = [];

    internal static AzureLanguageException Malformed(string detail, Exception? inner = null) =>
        inner is null
            ? new($"Azure AI Language returned a response that is not the documented shape: {detail}")
            : new($"Azure AI Language returned a response that is not the documented shape: {detail}", inner);
}
