namespace Consultations.Web.Briefs;

/// <summary>The source of Pages/Briefs/Templates/Default.cshtml, for administrators to download as a starting point.</summary>
internal static class BriefDefaultTemplate
{
    // Published apps ship compiled views, not .cshtml files; BriefTemplateTests keeps this equal to the file.
    public const string Source = """
        @model Consultations.Web.Briefs.BriefDocumentModel
        @using System.Globalization
        @using Consultations.Core.Domain
        @using Consultations.Web.Briefs
        @*
            The built-in brief template. Copy it to <templates folder>/brief.cshtml to brand briefs: it is compiled when a
            brief is next shown. Images and CSS in that folder are served at /brief-assets/<file> (css, png, jpg, svg, webp):
            link them, e.g. <link rel="stylesheet" href="/brief-assets/brand.css" />; inline style="" and <style> are blocked.
            Model.Body is HTML the app produced safely; everything else is plain text and is encoded by Razor.
        *@
        @{
            // A brief is placed inside a page or a print view, never a whole document of its own.
            Layout = null;
            var coverage = Model.Coverage;
            var maxNotes = coverage.MaxNotes;
            const int labelWidth = 320;
            const int cellWidth = 120;
            const int cellHeight = 36;
            var chartWidth = labelWidth + (cellWidth * coverage.Countries.Count);
            var chartHeight = cellHeight * (coverage.Rows.Count + 1);
        }
        <article class="brief@(Model.ForPrint ? " brief-print" : "")" aria-labelledby="brief-title" data-testid="brief">
            <header class="brief-header">
                <p class="brief-programme">@Model.ProgrammeName</p>
                <h1 id="brief-title" class="brief-title">@Model.Title</h1>
                <p class="brief-edition" data-testid="brief-edition">
                    @if (Model.IsDraft)
                    {
                        <span class="brief-draft-badge">Draft</span>
                    }
                    else
                    {
                        <span>Version @Model.Version</span>
                        @if (Model.PublishedAt is { } publishedAt)
                        {
                            <span> · published <time datetime="@publishedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)">@publishedAt.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)</time></span>
                        }
                    }
                </p>
            </header>

            <div class="brief-body">
                @Model.Body
            </div>

            <section class="brief-coverage" aria-labelledby="brief-coverage-heading">
                <h2 id="brief-coverage-heading">Coverage</h2>
                @if (coverage.Countries.Count == 0 || coverage.Rows.Count == 0)
                {
                    <p>This brief compares no themes.</p>
                }
                else
                {
                    <div class="brief-heatmap-frame">
                        <svg role="img" aria-labelledby="brief-heatmap-title brief-heatmap-desc" class="brief-heatmap" data-testid="brief-heatmap" width="@chartWidth" height="@chartHeight" viewBox="0 0 @chartWidth @chartHeight">
                            <title id="brief-heatmap-title">Notes per theme and country</title>
                            <desc id="brief-heatmap-desc">Darker cells hold more notes; grey: not discussed (no session on the theme); white: discussed but nothing recorded. The table below has the same figures.</desc>
                            @* Razor reads a bare <text> in code as its own tag, so SVG text sits inside a <g>. *@
                            @for (var j = 0; j < coverage.Countries.Count; j++)
                            {
                                <g><text x="@(labelWidth + (j * cellWidth) + (cellWidth / 2))" y="@(cellHeight - 12)" text-anchor="middle" font-size="13" font-weight="600" fill="#212529">@coverage.Countries[j].Name</text></g>
                            }
                            @for (var i = 0; i < coverage.Rows.Count; i++)
                            {
                                var row = coverage.Rows[i];
                                var y = cellHeight * (i + 1);
                                <g><text x="0" y="@(y + 23)" font-size="13" fill="#212529">@row.Label</text></g>
                                @for (var j = 0; j < coverage.Countries.Count; j++)
                                {
                                    var cell = BriefHeatmap.CellFor(row, coverage.Countries[j].ConsultationId);
                                    var x = labelWidth + (j * cellWidth);
                                    var fill = BriefHeatmap.Fill(cell, maxNotes);
                                    <g>
                                        <rect x="@(x + 2)" y="@(y + 2)" width="@(cellWidth - 4)" height="@(cellHeight - 4)" rx="4" fill="@fill" stroke="#adb5bd" />
                                        <text x="@(x + (cellWidth / 2))" y="@(y + 23)" text-anchor="middle" font-size="13" fill="@BriefHeatmap.TextFill(fill)">@BriefHeatmap.Figure(cell)</text>
                                    </g>
                                }
                            }
                        </svg>
                    </div>
                    <table class="table brief-coverage-table" data-testid="brief-coverage-table">
                        <caption>Notes per theme and country: the figures of the chart above.</caption>
                        <thead>
                            <tr>
                                <th scope="col">Theme</th>
                                @foreach (var country in coverage.Countries)
                                {
                                    <th scope="col">@country.Name</th>
                                }
                            </tr>
                        </thead>
                        <tbody>
                            @foreach (var row in coverage.Rows)
                            {
                                <tr>
                                    <th scope="row">@row.Label</th>
                                    @foreach (var country in coverage.Countries)
                                    {
                                        var cell = BriefHeatmap.CellFor(row, country.ConsultationId);
                                        <td data-state="@cell.State">@BriefHeatmap.Describe(cell)</td>
                                    }
                                </tr>
                            }
                        </tbody>
                    </table>
                }
            </section>

            @if (Model.ShowSources)
            {
                <section class="brief-sources" aria-labelledby="brief-sources-heading" data-testid="brief-sources">
                    <h2 id="brief-sources-heading">Sources</h2>
                    <ol class="brief-source-list">
                        @foreach (var source in Model.Sources)
                        {
                            <li id="source-@source.Number" value="@source.Number" class="brief-source">
                                <p class="brief-source-meta">
                                    <span class="brief-source-country">@source.CountryName</span>
                                    <span class="kind-badge">@source.Kind.Label()</span>
                                    @if (!string.IsNullOrEmpty(source.Changed))
                                    {
                                        <span class="brief-changed-badge">evidence changed: @source.Changed</span>
                                    }
                                </p>
                                <blockquote class="brief-source-excerpt">@source.Excerpt</blockquote>
                                <a href="@source.Url" class="brief-source-link">Open the note<span class="visually-hidden"> for source @source.Number</span></a>
                            </li>
                        }
                    </ol>
                </section>
            }

            @if (!string.IsNullOrWhiteSpace(Model.Funder))
            {
                <p class="brief-funder">Supported by @Model.Funder.</p>
            }
        </article>

        """;
}
