using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Web.Analysis;
using Consultations.Web.Guard;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Consultations.Infrastructure.Guard;

namespace Consultations.Web.Pages.Sessions;

/// <summary>
/// Live help while a note is typed: the note form posts its text (debounced, with the antiforgery header) and gets
/// back the attribution guard's findings to highlight and theme suggestions to accept or reject. Only the
/// consultation's note writers may ask; nothing is stored or logged. Azure AI Language's names and organisations are
/// added only when <see cref="EntityRecognitionOptions.LiveCheck"/> is on: by default they come with the save instead,
/// so typing never waits on (or pays for) a remote call.
/// </summary>
public sealed class GuardModel(RepositoryLoader loader, ConsultationGuards guards, ProgrammeAnalysis analysis, NoteEntityRecognizer entities) : PageModel
{
    [BindProperty]
    public string? Text { get; set; }

    public IActionResult OnGet() => NotFound();

    public async Task<IActionResult> OnPostAsync(string programmeId, string consultationId, string sessionId, CancellationToken cancellationToken)
    {
        var loaded = await loader.SessionAsync(programmeId, consultationId, sessionId, Requirement.WriteNotes, cancellationToken);
        if (loaded.Found is not { Session: var session } scope)
        {
            return loaded.Answer(this);
        }

        var text = Text ?? string.Empty;
        if (text.Length > Note.MaxTextLength)
        {
            return BadRequest(new { error = $"A note can be at most {Note.MaxTextLength:N0} characters." });
        }

        var guard = await guards.ForAsync(scope.Programme, scope.Consultation.Id, cancellationToken);
        var findings = guard.Check(text);
        var entityCheck = "off";
        if (entities.LiveCheck)
        {
            var spans = await entities.FindForLiveCheckAsync(text, cancellationToken);
            (findings, entityCheck) = spans is null ? (findings, "unavailable") : (EntityFindings.Merge(text, findings, spans), "checked");
        }

        var model = analysis.ModelFor(scope.Programme);
        var themes = model.Suggester.Suggest(text, 3)
            .Where(t => t.Score >= MinimumSuggestionScore)
            .Select(t => new ThemeJson(t.Theme, scope.Programme.Taxonomy.Find(t.Theme)?.Label ?? t.Theme, Math.Round(t.Score, 2), t.Evidence))
            .ToList();
        return new JsonResult(new GuardResponse(
            DisclosureRuleJson(session.DisclosureRule),
            session.DisclosureRule == DisclosureRule.ChathamHouse && findings.Any(f => f.Severity == FindingSeverity.Block),
            [.. findings.Select(f => new GuardFindingJson(
                Kebab(f.Kind.ToString()), f.Severity == FindingSeverity.Block ? "block" : "warn", f.Start, f.Length, f.Text, f.Suggestion, FindingLabels.Describe(f)))],
            themes,
            model.Classifier is null ? "local engine, taxonomy lexicon" : $"local engine, classifier trained on {model.Classifier.Examples} tags",
            entityCheck));
    }

    private static string DisclosureRuleJson(DisclosureRule rule) => Kebab(rule.ToString());

    private static string Kebab(string name) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(name);

    /// <summary>Weaker suggestions are noise while typing; they are not offered.</summary>
    public const double MinimumSuggestionScore = 0.2;

    /// <summary>What the live check answers; <c>Entities</c> is "off" (the default: names the register does not know are looked for on save), "checked" or "unavailable".</summary>
    public sealed record GuardResponse(string Rule, bool BlocksPublication, IReadOnlyList<GuardFindingJson> Findings, IReadOnlyList<ThemeJson> Themes, string Engine, string Entities);

    public sealed record ThemeJson(string Theme, string Label, double Score, IReadOnlyList<string> Evidence);

    public sealed record GuardFindingJson(string Kind, string Severity, int Start, int Length, string Text, string Suggestion, string Label);
}
