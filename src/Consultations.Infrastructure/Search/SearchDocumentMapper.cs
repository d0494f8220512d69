using System.Globalization;
using Consultations.Core.Search;
using Lucene.Net.Documents;
using Lucene.Net.Facet;
using Lucene.Net.Facet.SortedSet;
using Lucene.Net.Util;
using S = Consultations.Infrastructure.Search.SearchSchema;

namespace Consultations.Infrastructure.Search;

/// <summary>Turns search documents into Lucene documents laid out as <see cref="SearchSchema"/> says.</summary>
internal sealed class SearchDocumentMapper
{
    private readonly FacetsConfig _facets = S.CreateFacetsConfig();

    public Document Map(SearchDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.EnsureValid();
        return _facets.Build(document switch
        {
            NoteSearchDocument note => Note(note),
            BriefSearchDocument brief => Brief(brief),
            _ => throw new ArgumentException($"Unknown search document type {document.GetType().Name}.", nameof(document)),
        });
    }

    private static Document Note(NoteSearchDocument note)
    {
        var doc = Common(note.Key, S.NoteType, note.ProgrammeId, note.NoteId, note.UpdatedAt, note.CreatedAt);
        doc.Add(new StringField(S.Consultation, note.ConsultationId, Field.Store.YES));
        doc.Add(new StringField(S.Session, note.SessionId, Field.Store.YES));
        doc.Add(new StoredField(S.SessionTitle, note.SessionTitle));
        doc.Add(new StringField(S.Status, note.Status.ToString(), Field.Store.YES));
        doc.Add(new StringField(S.Disclosure, note.DisclosureRule.ToString(), Field.Store.YES));
        doc.Add(new StringField(S.Kind, note.Kind.ToString(), Field.Store.YES));
        doc.Add(new StringField(S.Author, note.AuthorId, Field.Store.YES));
        doc.Add(new NumericDocValuesField(S.ConsultationDate, note.ConsultationStart.DayNumber));
        doc.Add(new SortedDocValuesField(S.ConsultationSort, new BytesRef(note.ConsultationId)));
        doc.Add(new NumericDocValuesField(S.Agenda, note.AgendaOrder));
        foreach (var theme in note.Themes.Distinct(StringComparer.Ordinal))
        {
            doc.Add(new StoredField(S.Theme, theme));
        }

        if (note.StakeholderGroup is { } group)
        {
            doc.Add(new StoredField(S.Group, group));
            doc.Add(new Int32Field(S.GroupSize, note.StakeholderGroupSize ?? 0, Field.Store.YES));
        }

        doc.Add(new TextField(S.Text, SearchAnalyzers.Normalise(note.Text), Field.Store.YES));
        if (note.ReaderText is { } readerText)
        {
            doc.Add(new StringField(S.Reader, "1", Field.Store.NO));
            doc.Add(new TextField(S.ReaderText, SearchAnalyzers.Normalise(readerText), Field.Store.YES));
        }

        Facet(doc, SearchFacet.Consultation, note.ConsultationId);
        Facet(doc, SearchFacet.Country, note.CountryCode);
        Facet(doc, SearchFacet.Session, S.SessionValue(note.ConsultationId, note.SessionId));
        Facet(doc, SearchFacet.Theme, note.Themes);
        Facet(doc, SearchFacet.SubTheme, note.SubThemes);
        Facet(doc, SearchFacet.Kind, note.Kind.ToString());
        Facet(doc, SearchFacet.StakeholderGroup, note.StakeholderGroup);
        Facet(doc, SearchFacet.Status, note.Status.ToString());
        Facet(doc, SearchFacet.Year, note.Year.ToString(CultureInfo.InvariantCulture));
        return doc;
    }

    private static Document Brief(BriefSearchDocument brief)
    {
        var doc = Common(brief.Key, S.BriefType, brief.ProgrammeId, brief.VersionId, brief.PublishedAt, brief.PublishedAt);
        doc.Add(new StringField(S.BriefId, brief.BriefId, Field.Store.YES));
        doc.Add(new StoredField(S.Number, brief.Number));
        doc.Add(new StoredField(S.Title, brief.Title));
        doc.Add(new NumericDocValuesField(S.ConsultationDate, DateOnly.FromDateTime(brief.PublishedAt.UtcDateTime).DayNumber));
        foreach (var consultation in brief.ConsultationIds.Distinct(StringComparer.Ordinal))
        {
            doc.Add(new StringField(S.Consultation, consultation, Field.Store.NO));
        }

        foreach (var theme in brief.Themes.Distinct(StringComparer.Ordinal))
        {
            doc.Add(new StoredField(S.Theme, theme));
        }

        if (brief.Kind is { } kind)
        {
            doc.Add(new StringField(S.Kind, kind.ToString(), Field.Store.YES));
            Facet(doc, SearchFacet.Kind, kind.ToString());
        }

        doc.Add(new TextField(S.BriefText, SearchAnalyzers.Normalise(brief.Title + "\n\n" + brief.Text), Field.Store.YES));
        Facet(doc, SearchFacet.Consultation, brief.ConsultationIds);
        Facet(doc, SearchFacet.Theme, brief.Themes);
        Facet(doc, SearchFacet.Year, brief.PublishedAt.Year.ToString(CultureInfo.InvariantCulture));
        return doc;
    }

    private static Document Common(string key, string type, string programmeId, string id, DateTimeOffset updated, DateTimeOffset created)
    {
        var updatedMs = updated.ToUnixTimeMilliseconds();
        return
        [
            new StringField(S.Key, key, Field.Store.YES),
            new SortedDocValuesField(S.KeySort, new BytesRef(key)),
            new StringField(S.Type, type, Field.Store.YES),
            new StringField(S.Programme, programmeId, Field.Store.YES),
            new StringField(S.Id, id, Field.Store.YES),
            new StoredField(S.Updated, updatedMs),
            new NumericDocValuesField(S.Updated, updatedMs),
            new NumericDocValuesField(S.Created, created.ToUnixTimeMilliseconds()),
        ];
    }

    private static void Facet(Document doc, SearchFacet facet, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            doc.Add(new SortedSetDocValuesFacetField(S.Dimension(facet), value));
        }
    }

    private static void Facet(Document doc, SearchFacet facet, IEnumerable<string> values)
    {
        foreach (var value in values.Distinct(StringComparer.Ordinal))
        {
            Facet(doc, facet, value);
        }
    }
}
