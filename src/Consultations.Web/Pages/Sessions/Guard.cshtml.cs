using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Web.Analysis;
using Consultations.Web.Guard;
using Consultations.Web.Loading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Sessions;

/// <summary>
/// Live help while a note is typed: the note form posts its text (debounced, with the antiforgery header) and gets
/// back the attribution guard's findings to highlight and theme suggestions to accept or reject. Only the
/// consultation's note writers may ask; nothing is stored or logged.
/// </summary>
public sealed class GuardModel(RepositoryLoader loader, ConsultationGuards guards, ProgrammeAnalysis analysis) : PageModel
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
        var model = analysis.ModelFor(scope.Programme);
        var themes = model.Suggester.Suggest(text, 3)
            .Where(t => t.Score >= MinimumSuggestionScore)
            .Select(t => new ThemeJson(t.Theme, scope.Programme.Taxonomy.Find(t.Theme)?.Label ?? t.Theme, Math.Round(t.Score, 2), t.Evidence))
            .ToList();
        return new JsonResult(new GuardResponse(
            DisclosureRuleJson(session.DisclosureRule),
            session.DisclosureRule == DisclosureRule.ChathamHouse && findings.Any(f => f.Severity == FindingSeverity.Block),
            [.. findings.Select(f => new GuardFindingJson(
                Kebab(f.Kind.ToString()), f.Severity == FindingSeverity.Block ? "block" : "warn", f.Start, f.Length, f.Text, f.Suggestion, f.Kind.Label()))],
            themes,
            model.Classifier is null ? "local engine, taxonomy lexicon" : $"local engine, classifier trained on {model.Classifier.Examples} tags"));
    }

    private static string DisclosureRuleJson(DisclosureRule rule) => Kebab(rule.ToString());

    private static string Kebab(string name) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(name);

    /// <summary>Weaker suggestions are noise while typing; they are not offered.</summary>
    public const double MinimumSuggestionScore = 0.2;

    public sealed record GuardResponse(string Rule, bool BlocksPublication, IReadOnlyList<GuardFindingJson> Findings, IReadOnlyList<ThemeJson> Themes, string Engine);

    public sealed record ThemeJson(string Theme, string Label, double Score, IReadOnlyList<string> Evidence);

    public sealed record GuardFindingJson(string Kind, string Severity, int Start, int Length, string Text, string Suggestion, string Label);
}
