using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Core.Storage;
using Consultations.Web.Guard;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Consultations.Web.Pages.Sessions;

/// <summary>
/// The live attribution guard: the note form posts its text (debounced, with the antiforgery header) and gets the
/// findings back to highlight. Only the consultation's note writers may ask; nothing is stored or logged.
/// </summary>
public sealed class GuardModel(IProgrammeStore programmes, IConsultationStore consultations, ConsultationGuards guards) : PageModel
{
    [BindProperty]
    public string? Text { get; set; }

    public IActionResult OnGet() => NotFound();

    public async Task<IActionResult> OnPostAsync(string programmeId, string consultationId, string sessionId, CancellationToken cancellationToken)
    {
        if (await ConsultationScope.LoadAsync(this, programmes, consultations, programmeId, consultationId, cancellationToken) is not { } scope
            || scope.Consultation.FindSession(sessionId) is not { } session)
        {
            return NotFound();
        }

        if (!scope.CanWriteNotes)
        {
            return this.ForbidBecause("Only the facilitators assigned to this consultation write its notes.");
        }

        var text = Text ?? string.Empty;
        if (text.Length > Note.MaxTextLength)
        {
            return BadRequest(new { error = $"A note can be at most {Note.MaxTextLength:N0} characters." });
        }

        var guard = await guards.ForAsync(scope.Programme, scope.Consultation.Id, cancellationToken);
        var findings = guard.Check(text);
        return new JsonResult(new GuardResponse(
            DisclosureRuleJson(session.DisclosureRule),
            session.DisclosureRule == DisclosureRule.ChathamHouse && findings.Any(f => f.Severity == FindingSeverity.Block),
            [.. findings.Select(f => new GuardFindingJson(
                Kebab(f.Kind.ToString()), f.Severity == FindingSeverity.Block ? "block" : "warn", f.Start, f.Length, f.Text, f.Suggestion, f.Kind.Label()))]));
    }

    private static string DisclosureRuleJson(DisclosureRule rule) => Kebab(rule.ToString());

    private static string Kebab(string name) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(name);

    public sealed record GuardResponse(string Rule, bool BlocksPublication, IReadOnlyList<GuardFindingJson> Findings);

    public sealed record GuardFindingJson(string Kind, string Severity, int Start, int Length, string Text, string Suggestion, string Label);
}
