using Consultations.Core.Analysis;

namespace Consultations.Infrastructure.Analysis;

/// <summary>The configured remote engine (Azure AI Language), when there is one.</summary>
public sealed record RemoteTextAnalyzer(ITextAnalyzer Analyzer);
