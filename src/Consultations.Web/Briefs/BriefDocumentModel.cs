using Consultations.Core.Domain;
using Microsoft.AspNetCore.Html;

namespace Consultations.Web.Briefs;

/// <summary>Who a brief is rendered for: researchers see citations and sources, funders never do.</summary>
public enum BriefAudience
{
    Researcher,
    Funder,
}

/// <summary>
/// A numbered source of a brief, listed for researchers under the text: <see cref="Number"/> is what the citations in
/// the body show, <see cref="Url"/> the note's page, <see cref="Changed"/> why the note no longer matches the
/// brief's snapshot, if it does not.
/// </summary>
public sealed record BriefSource(int Number, string NoteId, string CountryName, NoteKind Kind, string Excerpt, string Url, string? Changed);

/// <summary>
/// What a brief template receives. The body is already HTML (Markdown rendered with raw HTML disabled, citations
/// turned into numbered links or removed for funders), so a template decides layout and branding, never content.
/// </summary>
public sealed record BriefDocumentModel(
    string Title,
    string ProgrammeName,
    string? Funder,
    int? Version,
    DateTimeOffset? PublishedAt,
    IHtmlContent Body,
    BriefCoverage Coverage,
    BriefAudience Audience,
    IReadOnlyList<BriefSource> Sources,
    bool ForPrint)
{
    public bool IsDraft => Version is null;

    public bool ShowSources => Audience == BriefAudience.Researcher && Sources.Count > 0;
}
