using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Infrastructure.Guard;

namespace Consultations.Web.Briefs;

/// <summary>
/// The fail-closed check on everything that leaves the repository as a file or a funder's page: the text is checked
/// against the register of every consultation it draws on, and any blocking match (a name, an organisation, contact
/// details) stops it. Logged with counts and kinds, never the matched words.
/// </summary>
public sealed partial class ExportGate(ConsultationGuards guards, ILogger<ExportGate> logger)
{
    /// <summary>Null when <paramref name="text"/> may leave; otherwise a message that says why it may not (without the words).</summary>
    public async Task<string?> CheckAsync(Programme programme, IEnumerable<string> consultationIds, string text, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(consultationIds);
        var blocking = new List<GuardFinding>();
        foreach (var consultationId in consultationIds.Distinct(StringComparer.Ordinal))
        {
            var guard = await guards.ForAsync(programme, consultationId, cancellationToken);
            blocking.AddRange(guard.Check(text ?? string.Empty).Where(f => f.Identifies()));
        }

        if (blocking.Count == 0)
        {
            return null;
        }

        var kinds = string.Join(", ", blocking.Select(f => f.Kind.Label()).Distinct());
        LogBlocked(logger, what, programme.Id, blocking.Count, kinds);
        return $"Stopped: the {what} would contain {blocking.Count} possible identifier{(blocking.Count == 1 ? "" : "s")} ({kinds}) from a consultation's participant register. Remove them from the brief (or ask the consultation's lead facilitator) and try again.";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blocked {What} of programme {ProgrammeId}: {Count} register match(es) ({Kinds})")]
    private static partial void LogBlocked(ILogger logger, string what, string programmeId, int count, string kinds);
}
