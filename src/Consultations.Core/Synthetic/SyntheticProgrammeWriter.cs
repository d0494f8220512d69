using Consultations.Core.Domain;
using Consultations.Core.Storage;

namespace Consultations.Core.Synthetic;

/// <summary>Where a run of the writer has got to: after each batch of notes and at the end of each consultation.</summary>
public sealed record GenerationProgress(int Consultation, int Consultations, string ConsultationId, int ConsultationNotesWritten, int ConsultationNotes, int NotesWritten, int Notes);

/// <summary>What a run wrote, counted from the documents themselves.</summary>
public sealed record GenerationReport(
    string ProgrammeId,
    bool Replaced,
    int Consultations,
    int Sessions,
    int Participants,
    int Notes,
    IReadOnlyDictionary<NoteStatus, int> ByStatus,
    IReadOnlyDictionary<DisclosureRule, int> ByRule,
    int PlantedDrafts);

/// <summary>
/// Writes a <see cref="ProgrammeGenerator"/>'s programme into the stores: the programme first (so a partial run is
/// recognised and can be replaced), then each consultation, its register and its notes in batches. The next consultation
/// is generated while the current one is written.
/// </summary>
public sealed class SyntheticProgrammeWriter(IProgrammeStore programmes, IConsultationStore consultations, IParticipantRegisterStore registers, IBulkStore bulk)
{
    /// <summary>Notes per bulk write: one SQLite transaction, or one round of concurrent Cosmos DB creates.</summary>
    public const int BatchSize = 1_000;

    /// <summary>
    /// Writes the programme. An existing programme with the same id is refused (<see cref="DomainRuleException"/>) unless
    /// <paramref name="replace"/> is set and it was itself generated, in which case it is deleted first.
    /// </summary>
    public async Task<GenerationReport> WriteAsync(ProgrammeGenerator generator, bool replace, Action<GenerationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var id = generator.Programme.Id;
        var replaced = false;
        if (await programmes.GetAsync(id, cancellationToken) is { } existing)
        {
            if (!replace)
            {
                throw new DomainRuleException($"There is already a programme '{id}'. Pass --replace to delete it and write a new one, or choose another id with --programme.");
            }

            if (!ProgrammeGenerator.IsGenerated(existing))
            {
                throw new DomainRuleException($"The programme '{id}' was not written by generate, so --replace will not delete it. Choose another id with --programme.");
            }

            await bulk.DeleteProgrammeAsync(id, cancellationToken);
            replaced = true;
        }

        var programme = generator.Programme;
        await programmes.CreateAsync(programme, cancellationToken);

        var count = generator.Profiles.Count;
        var byStatus = Enum.GetValues<NoteStatus>().ToDictionary(s => s, _ => 0);
        var byRule = Enum.GetValues<DisclosureRule>().ToDictionary(r => r, _ => 0);
        int sessions = 0, participants = 0, written = 0, planted = 0;
        var next = Task.Run(() => generator.Generate(0), cancellationToken);
        for (var index = 0; index < count; index++)
        {
            var current = await next;
            if (index + 1 < count)
            {
                var following = index + 1;
                next = Task.Run(() => generator.Generate(following), cancellationToken);
            }

            await consultations.CreateAsync(current.Consultation, cancellationToken);
            await registers.SaveAsync(current.Register, cancellationToken);
            var rules = current.Consultation.Sessions.ToDictionary(s => s.Id, s => s.DisclosureRule, StringComparer.Ordinal);
            for (var start = 0; start < current.Notes.Count; start += BatchSize)
            {
                var batch = current.Notes.Skip(start).Take(BatchSize).ToList();
                await bulk.CreateNotesAsync(batch, cancellationToken);
                written += batch.Count;
                foreach (var note in batch)
                {
                    byStatus[note.Status]++;
                    byRule[rules[note.SessionId]]++;
                }

                progress?.Invoke(new GenerationProgress(index + 1, count, current.Consultation.Id, start + batch.Count, current.Notes.Count, written, generator.Options.Notes));
            }

            sessions += current.Consultation.Sessions.Count;
            participants += current.Register.Participants.Count;
            planted += current.PlantedDrafts;
        }

        return new GenerationReport(id, replaced, count, sessions, participants, written, byStatus, byRule, planted);
    }
}
