using Consultations.Core.Domain;
using Consultations.Core.Guard;
using Consultations.Core.Storage;

namespace Consultations.Infrastructure.Tests.Storage;

/// <summary>
/// The behaviour every store backend must have. A backend joins by subclassing and creating its stores;
/// tests use fresh ids, so they also hold on a store shared with other tests.
/// </summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2023, 3, 14, 1, 0, 0, TimeSpan.Zero);
    private static readonly UserRef Author = new("author", "Author");

    protected StoreSet Stores { get; private set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => Stores = await CreateStoresAsync();

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected abstract Task<StoreSet> CreateStoresAsync();

    // ---------- programmes ----------

    [Fact]
    public async Task Programme_round_trips_and_gets_an_etag()
    {
        var programme = NewProgramme("Cyber capacity, Southeast Asia");
        programme.ReviseTaxonomy(programme.Taxonomy.AddSubTheme("inclusion", "Disability access", out _), Author, T0);

        var created = await Stores.Programmes.CreateAsync(programme, Ct);
        var read = await Stores.Programmes.GetAsync(programme.Id, Ct);

        Assert.NotNull(created.ETag);
        Assert.NotNull(read);
        Assert.Equal(created.ETag, read.ETag);
        Assert.Equal(DocumentJson.Serialize(programme), DocumentJson.Serialize(read));
    }

    [Fact]
    public async Task Missing_programme_reads_as_null() =>
        Assert.Null(await Stores.Programmes.GetAsync(Ids.New(), Ct));

    [Fact]
    public async Task Creating_a_programme_twice_is_a_conflict()
    {
        var programme = await Stores.Programmes.CreateAsync(NewProgramme(), Ct);
        var again = NewProgramme(id: programme.Id);

        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Stores.Programmes.CreateAsync(again, Ct));
        Assert.Equal(ConflictReason.AlreadyExists, ex.Reason);
    }

    [Fact]
    public async Task Programme_update_with_current_etag_wins_and_a_stale_one_loses()
    {
        var programme = await Stores.Programmes.CreateAsync(NewProgramme("First"), Ct);
        var mine = (await Stores.Programmes.GetAsync(programme.Id, Ct))!;
        var theirs = (await Stores.Programmes.GetAsync(programme.Id, Ct))!;

        theirs.UpdateDetails("Theirs", null, null, Author, T0);
        var saved = await Stores.Programmes.UpdateAsync(theirs, Ct);
        Assert.NotEqual(programme.ETag, saved.ETag);

        mine.UpdateDetails("Mine", null, null, Author, T0);
        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Stores.Programmes.UpdateAsync(mine, Ct));
        Assert.Equal(ConflictReason.StaleVersion, ex.Reason);
        Assert.Equal("Theirs", (await Stores.Programmes.GetAsync(programme.Id, Ct))!.Name);
    }

    [Fact]
    public async Task Updating_a_missing_programme_is_not_found()
    {
        var programme = NewProgramme();
        programme.ETag = "anything";

        await Assert.ThrowsAsync<DocumentNotFoundException>(() => Stores.Programmes.UpdateAsync(programme, Ct));
    }

    [Fact]
    public async Task Programmes_are_listed_by_name_ignoring_case()
    {
        var tag = Ids.New();
        foreach (var name in new[] { $"b {tag}", $"C {tag}", $"a {tag}" })
        {
            await Stores.Programmes.CreateAsync(NewProgramme(name), Ct);
        }

        var names = (await Stores.Programmes.ListAsync(Ct)).Select(p => p.Name).Where(n => n.EndsWith(tag, StringComparison.Ordinal)).ToList();

        Assert.Equal([$"a {tag}", $"b {tag}", $"C {tag}"], names);
    }

    // ---------- consultations ----------

    [Fact]
    public async Task Consultation_round_trips_sessions_co_chairs_and_assignments()
    {
        var programme = await Stores.Programmes.CreateAsync(NewProgramme(), Ct);
        var consultation = NewConsultation(programme, "VN", new DateOnly(2023, 5, 23));
        consultation.AssignFacilitator(new UserRef("f", "Fay"), isLead: true, Author, T0);

        await Stores.Consultations.CreateAsync(consultation, Ct);
        var read = await Stores.Consultations.GetAsync(programme.Id, consultation.Id, Ct);

        Assert.NotNull(read);
        Assert.Equal(DocumentJson.Serialize(consultation), DocumentJson.Serialize(read));
        Assert.Equal(consultation.ETag, read.ETag);
        Assert.Equal("Nguyễn Thị Lan", read.CoChairs.Single().Name);
    }

    [Fact]
    public async Task A_consultation_is_only_found_within_its_programme()
    {
        var programme = await Stores.Programmes.CreateAsync(NewProgramme(), Ct);
        var consultation = await Stores.Consultations.CreateAsync(NewConsultation(programme), Ct);

        Assert.Null(await Stores.Consultations.GetAsync(Ids.New(), consultation.Id, Ct));
        Assert.Null(await Stores.Consultations.GetAsync(programme.Id, Ids.New(), Ct));
    }

    [Fact]
    public async Task Consultations_are_listed_by_date_then_country_within_their_programme()
    {
        var programme = await Stores.Programmes.CreateAsync(NewProgramme(), Ct);
        var other = await Stores.Programmes.CreateAsync(NewProgramme(), Ct);
        await Stores.Consultations.CreateAsync(NewConsultation(programme, "MY", new DateOnly(2023, 10, 17)), Ct);
        await Stores.Consultations.CreateAsync(NewConsultation(programme, "VN", new DateOnly(2023, 5, 23)), Ct);
        await Stores.Consultations.CreateAsync(NewConsultation(programme, "PH", new DateOnly(2023, 5, 23)), Ct);
        await Stores.Consultations.CreateAsync(NewConsultation(other, "ID", new DateOnly(2023, 1, 1)), Ct);

        var list = await Stores.Consultations.ListByProgrammeAsync(programme.Id, Ct);

        Assert.Equal(["PH", "VN", "MY"], list.Select(c => c.CountryCode));
        Assert.All(list, c => Assert.NotNull(c.ETag));
    }

    [Fact]
    public async Task A_stale_consultation_update_is_a_conflict()
    {
        var programme = await Stores.Programmes.CreateAsync(NewProgramme(), Ct);
        var consultation = await Stores.Consultations.CreateAsync(NewConsultation(programme), Ct);
        var stale = (await Stores.Consultations.GetAsync(programme.Id, consultation.Id, Ct))!;

        consultation.AddSession("Late addition", [], DisclosureRule.ChathamHouse, programme.Taxonomy, Author, T0);
        await Stores.Consultations.UpdateAsync(consultation, Ct);
        stale.AddSession("Other addition", [], DisclosureRule.ChathamHouse, programme.Taxonomy, Author, T0);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Stores.Consultations.UpdateAsync(stale, Ct));
        var read = await Stores.Consultations.GetAsync(programme.Id, consultation.Id, Ct);
        Assert.Contains(read!.Sessions, s => s.Title == "Late addition");
        Assert.DoesNotContain(read.Sessions, s => s.Title == "Other addition");
    }

    // ---------- notes ----------

    [Fact]
    public async Task Note_round_trips_every_field()
    {
        var (programme, consultation) = await NewConsultationAsync();
        var note = NewNote(programme, consultation, "plenary", "Đức's point:\n\"adopt, then customise\" — 100% agreed 🙂", T0);
        note.Submit(Author, T0.AddMinutes(1));
        note.Publish(consultation.FindSession("plenary")!, new UserRef("lead", "Lead"), T0.AddMinutes(2));

        await Stores.Notes.CreateAsync(note, Ct);
        var read = await Stores.Notes.GetAsync(consultation.Id, note.Id, Ct);

        Assert.NotNull(read);
        Assert.Equal(DocumentJson.Serialize(note), DocumentJson.Serialize(read));
        Assert.Equal(note.ETag, read.ETag);
        Assert.Equal(NoteStatus.Published, read.Status);
    }

    [Fact]
    public async Task A_note_keeps_its_entity_check_through_create_and_update_and_loses_it_with_new_words()
    {
        var (programme, consultation) = await NewConsultationAsync();
        const string Text = "Nguyễn Văn An of Acme Widgets asked for a shared template.";
        var note = NewNote(programme, consultation, "plenary", Text, T0);
        var person = new EntitySpan(FindingKind.Participant, 0, 13, 0.97, "entity:person:0123456789abcdef");
        note.RecordEntityCheck(NoteEntityCheck.For(Text, "azure-ai-language", T0, [person]));

        await Stores.Notes.CreateAsync(note, Ct);
        var created = (await Stores.Notes.GetAsync(consultation.Id, note.Id, Ct))!;
        Assert.Equal(DocumentJson.Serialize(note), DocumentJson.Serialize(created));
        Assert.Equal([person], created.EntitySpans);

        var organisation = new EntitySpan(FindingKind.Organisation, 17, 12, 0.8, "entity:organisation:fedcba9876543210");
        created.RecordEntityCheck(NoteEntityCheck.For(Text, "azure-ai-language", T0.AddMinutes(1), [person, organisation]));
        await Stores.Notes.UpdateAsync(created, Ct);
        var updated = (await Stores.Notes.GetAsync(consultation.Id, note.Id, Ct))!;
        Assert.Equal([person, organisation], updated.EntitySpans);
        Assert.Equal(T0.AddMinutes(1), updated.EntityCheck!.CheckedAt);

        updated.Revise(programme, updated.Content with { Text = "Someone asked for a shared template." }, Author, T0.AddMinutes(2));
        await Stores.Notes.UpdateAsync(updated, Ct);
        var revised = (await Stores.Notes.GetAsync(consultation.Id, note.Id, Ct))!;
        Assert.Null(revised.EntityCheck);
        Assert.True(revised.NeedsEntityCheck);
    }

    [Fact]
    public async Task A_note_is_only_found_within_its_consultation()
    {
        var (programme, consultation) = await NewConsultationAsync();
        var note = await Stores.Notes.CreateAsync(NewNote(programme, consultation, "plenary", "Text", T0), Ct);

        Assert.Null(await Stores.Notes.GetAsync(Ids.New(), note.Id, Ct));
        Assert.Null(await Stores.Notes.GetAsync(consultation.Id, Ids.New(), Ct));
    }

    [Fact]
    public async Task Creating_the_same_note_twice_is_a_conflict()
    {
        var (programme, consultation) = await NewConsultationAsync();
        var note = await Stores.Notes.CreateAsync(NewNote(programme, consultation, "plenary", "Text", T0), Ct);
        var copy = (await Stores.Notes.GetAsync(consultation.Id, note.Id, Ct))!;

        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Stores.Notes.CreateAsync(copy, Ct));
        Assert.Equal(ConflictReason.AlreadyExists, ex.Reason);
    }

    [Fact]
    public async Task Session_notes_come_back_in_the_order_they_were_written()
    {
        var (programme, consultation) = await NewConsultationAsync();
        var third = NewNote(programme, consultation, "plenary", "third", T0.AddMinutes(3));
        var first = NewNote(programme, consultation, "plenary", "first", T0.AddMinutes(1));
        var second = NewNote(programme, consultation, "plenary", "second", T0.AddMinutes(2));
        var elsewhere = NewNote(programme, consultation, "opening", "elsewhere", T0);
        foreach (var note in new[] { third, first, elsewhere, second })
        {
            await Stores.Notes.CreateAsync(note, Ct);
        }

        var list = await Stores.Notes.ListBySessionAsync(consultation.Id, "plenary", Ct);

        Assert.Equal(["first", "second", "third"], list.Select(n => n.Text));
        Assert.All(list, n => Assert.NotNull(n.ETag));
    }

    [Fact]
    public async Task A_stale_note_update_never_overwrites_the_winner()
    {
        var (programme, consultation) = await NewConsultationAsync();
        var note = await Stores.Notes.CreateAsync(NewNote(programme, consultation, "plenary", "original", T0), Ct);
        var alice = (await Stores.Notes.GetAsync(consultation.Id, note.Id, Ct))!;
        var bob = (await Stores.Notes.GetAsync(consultation.Id, note.Id, Ct))!;

        alice.Revise(programme, alice.Content with { Text = "Alice's words" }, new UserRef("alice", "Alice"), T0.AddMinutes(1));
        await Stores.Notes.UpdateAsync(alice, Ct);
        bob.Revise(programme, bob.Content with { Text = "Bob's words" }, new UserRef("bob", "Bob"), T0.AddMinutes(2));

        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Stores.Notes.UpdateAsync(bob, Ct));
        Assert.Equal(ConflictReason.StaleVersion, ex.Reason);
        var stored = (await Stores.Notes.GetAsync(consultation.Id, note.Id, Ct))!;
        Assert.Equal("Alice's words", stored.Text);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task Of_many_concurrent_writers_from_one_version_exactly_one_wins()
    {
        var (programme, consultation) = await NewConsultationAsync();
        var note = await Stores.Notes.CreateAsync(NewNote(programme, consultation, "plenary", "original", T0), Ct);
        var copies = new List<Note>();
        for (var i = 0; i < 8; i++)
        {
            var copy = (await Stores.Notes.GetAsync(consultation.Id, note.Id, Ct))!;
            copy.Revise(programme, copy.Content with { Text = $"writer {i}" }, new UserRef($"w{i}", $"Writer {i}"), T0.AddSeconds(i));
            copies.Add(copy);
        }

        var outcomes = await Task.WhenAll(copies.Select(async copy =>
        {
            try
            {
                await Stores.Notes.UpdateAsync(copy, Ct);
                return copy.Text;
            }
            catch (ConcurrencyConflictException)
            {
                return null;
            }
        }));

        var winner = Assert.Single(outcomes, o => o is not null);
        Assert.Equal(winner, (await Stores.Notes.GetAsync(consultation.Id, note.Id, Ct))!.Text);
    }

    [Fact]
    public async Task Delete_needs_the_current_etag()
    {
        var (programme, consultation) = await NewConsultationAsync();
        var note = await Stores.Notes.CreateAsync(NewNote(programme, consultation, "plenary", "to delete", T0), Ct);
        var stale = (await Stores.Notes.GetAsync(consultation.Id, note.Id, Ct))!;
        note.Revise(programme, note.Content with { Text = "edited" }, Author, T0);
        await Stores.Notes.UpdateAsync(note, Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Stores.Notes.DeleteAsync(stale, Ct));
        Assert.NotNull(await Stores.Notes.GetAsync(consultation.Id, note.Id, Ct));

        await Stores.Notes.DeleteAsync(note, Ct);
        Assert.Null(await Stores.Notes.GetAsync(consultation.Id, note.Id, Ct));
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => Stores.Notes.DeleteAsync(note, Ct));
    }

    [Fact]
    public async Task Updating_a_deleted_note_is_not_found()
    {
        var (programme, consultation) = await NewConsultationAsync();
        var note = await Stores.Notes.CreateAsync(NewNote(programme, consultation, "plenary", "gone soon", T0), Ct);
        var copy = (await Stores.Notes.GetAsync(consultation.Id, note.Id, Ct))!;
        await Stores.Notes.DeleteAsync(note, Ct);

        await Assert.ThrowsAsync<DocumentNotFoundException>(() => Stores.Notes.UpdateAsync(copy, Ct));
    }

    [Fact]
    public async Task Queries_filter_by_status_session_theme_and_kind()
    {
        var (programme, consultation) = await NewConsultationAsync();
        var standards = NewNote(programme, consultation, "plenary", "standards draft", T0.AddMinutes(1));
        var published = NewNote(programme, consultation, "plenary", "standards published", T0.AddMinutes(2), NoteKind.Recommendation);
        published.Submit(Author, T0);
        published.Publish(consultation.FindSession("plenary")!, Author, T0);
        var inclusion = NewNote(programme, consultation, "opening", "inclusion", T0.AddMinutes(3), themes: ["inclusion"]);
        foreach (var note in new[] { standards, published, inclusion })
        {
            await Stores.Notes.CreateAsync(note, Ct);
        }

        async Task<List<string>> Texts(NoteQuery query) => [.. (await Stores.Notes.QueryAsync(consultation.Id, query, Ct)).Notes.Select(n => n.Text)];

        Assert.Equal(["standards draft", "standards published", "inclusion"], await Texts(new NoteQuery()));
        Assert.Equal(["standards published"], await Texts(new NoteQuery { Statuses = new HashSet<NoteStatus> { NoteStatus.Published } }));
        Assert.Equal(["inclusion"], await Texts(new NoteQuery { SessionIds = new HashSet<string> { "opening" } }));
        Assert.Equal(["standards draft", "standards published"], await Texts(new NoteQuery { Theme = "technical-standards" }));
        Assert.Equal(["standards published"], await Texts(new NoteQuery { Kind = NoteKind.Recommendation }));
        Assert.Empty(await Texts(new NoteQuery { Statuses = new HashSet<NoteStatus>() }));
        Assert.Empty(await Texts(new NoteQuery { SessionIds = new HashSet<string>() }));
    }

    [Fact]
    public async Task Queries_filter_by_sub_theme_group_author_return_and_publication_time()
    {
        var (programme, consultation) = await NewConsultationAsync();
        var plenary = consultation.FindSession("plenary")!;
        var other = new UserRef("other", "Other Author");
        var lead = new UserRef("lead", "Lead");
        var iso = Note.Create(programme, consultation, plenary, new NoteContent("iso", NoteKind.Finding, "government", ["technical-standards"], ["technical-standards/iso-27001"]), Author, T0.AddMinutes(1));
        var civil = Note.Create(programme, consultation, plenary, new NoteContent("civil", NoteKind.Finding, "civil-society", ["technical-standards"], []), other, T0.AddMinutes(2));
        var early = NewNote(programme, consultation, "plenary", "published early", T0.AddMinutes(3));
        var late = NewNote(programme, consultation, "plenary", "published late", T0.AddMinutes(4));
        foreach (var note in new[] { early, late, civil })
        {
            note.Submit(Author, T0);
        }

        // Published in another offset: the filter compares instants, not the stored local times.
        early.Publish(plenary, lead, new DateTimeOffset(2023, 3, 15, 9, 0, 0, TimeSpan.FromHours(8)));
        late.Publish(plenary, lead, new DateTimeOffset(2023, 3, 15, 2, 0, 0, TimeSpan.Zero));
        civil.ReturnToDraft(lead, T0.AddHours(1), "Say which sector, not which firm.");
        foreach (var note in new[] { iso, civil, early, late })
        {
            await Stores.Notes.CreateAsync(note, Ct);
        }

        async Task<List<string>> Texts(NoteQuery query) => [.. (await Stores.Notes.QueryAsync(consultation.Id, query, Ct)).Notes.Select(n => n.Text)];

        Assert.Equal(["iso"], await Texts(new NoteQuery { SubTheme = "technical-standards/iso-27001" }));
        Assert.Empty(await Texts(new NoteQuery { SubTheme = "technical-standards/nist-csf" }));
        Assert.Equal(["civil"], await Texts(new NoteQuery { StakeholderGroup = "civil-society" }));
        Assert.Equal(["civil"], await Texts(new NoteQuery { CreatedBy = "other" }));
        Assert.Equal(["civil"], await Texts(new NoteQuery { Returned = true }));
        Assert.Equal(["iso", "published early", "published late"], await Texts(new NoteQuery { Returned = false }));
        Assert.Equal(["published late"], await Texts(new NoteQuery { PublishedSince = new DateTimeOffset(2023, 3, 15, 1, 30, 0, TimeSpan.Zero) }));
        Assert.Equal(["published early", "published late"], await Texts(new NoteQuery { PublishedSince = new DateTimeOffset(2023, 3, 15, 9, 0, 0, TimeSpan.FromHours(8)) }));
        Assert.Empty(await Texts(new NoteQuery { PublishedSince = new DateTimeOffset(2023, 3, 15, 2, 0, 1, TimeSpan.Zero) }));

        var stored = (await Stores.Notes.GetAsync(consultation.Id, civil.Id, Ct))!;
        Assert.Equal(new NoteReturn(lead, T0.AddHours(1), "Say which sector, not which firm."), stored.Returned);
        stored.Submit(other, T0.AddHours(2));
        await Stores.Notes.UpdateAsync(stored, Ct);
        Assert.Empty(await Texts(new NoteQuery { Returned = true }));
    }

    [Fact]
    public async Task Paging_visits_every_note_once_in_order()
    {
        var (programme, consultation) = await NewConsultationAsync();
        var expected = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            // Two notes share each timestamp so the id must break ties.
            var note = NewNote(programme, consultation, "plenary", $"note {i:00}", T0.AddMinutes(i / 2));
            await Stores.Notes.CreateAsync(note, Ct);
        }

        expected.AddRange((await Stores.Notes.ListBySessionAsync(consultation.Id, "plenary", Ct)).Select(n => n.Id));
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Stores.Notes.QueryAsync(consultation.Id, new NoteQuery { PageSize = 3, ContinuationToken = token }, Ct);
            Assert.InRange(page.Notes.Count, 1, 3);
            seen.AddRange(page.Notes.Select(n => n.Id));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 20);

        Assert.Equal(expected, seen);
        Assert.Equal(4, pages);
    }

    [Fact]
    public async Task Tallies_count_notes_per_session_status_and_theme()
    {
        var (programme, consultation) = await NewConsultationAsync();
        await Stores.Notes.CreateAsync(NewNote(programme, consultation, "plenary", "a", T0), Ct);
        await Stores.Notes.CreateAsync(NewNote(programme, consultation, "plenary", "b", T0, themes: ["technical-standards", "inclusion"]), Ct);
        var submitted = NewNote(programme, consultation, "opening", "c", T0, themes: ["inclusion"]);
        submitted.Submit(Author, T0);
        await Stores.Notes.CreateAsync(submitted, Ct);

        var tallies = (await Stores.Notes.TallyAsync(consultation.Id, Ct)).ToDictionary(t => (t.SessionId, t.Status));

        Assert.Equal(2, tallies.Count);
        var drafts = tallies[("plenary", NoteStatus.Draft)];
        Assert.Equal(2, drafts.Notes);
        Assert.Equal(2, drafts.ByTheme["technical-standards"]);
        Assert.Equal(1, drafts.ByTheme["inclusion"]);
        Assert.Equal(1, tallies[("opening", NoteStatus.Submitted)].ByTheme["inclusion"]);
        Assert.Empty(await Stores.Notes.TallyAsync(Ids.New(), Ct));
    }

    // ---------- participant registers ----------

    [Fact]
    public async Task Register_round_trips_names_with_diacritics()
    {
        var (_, consultation) = await NewConsultationAsync();
        Assert.Null(await Stores.Registers.GetAsync(consultation.Id, Ct));
        var register = ParticipantRegister.Create(consultation, Author, T0);
        register.Add("Phạm Thu Hằng", "Ministry of Information and Communications (MIC)", "government", "Director", Author, T0);
        register.Add("Trần Minh Đức", "Viettel", "telecoms", null, Author, T0);

        await Stores.Registers.SaveAsync(register, Ct);
        var read = await Stores.Registers.GetAsync(consultation.Id, Ct);

        Assert.NotNull(read);
        Assert.Equal(DocumentJson.Serialize(register), DocumentJson.Serialize(read));
        Assert.Equal("Trần Minh Đức", read.Participants[1].Name);
    }

    [Fact]
    public async Task Register_saves_are_guarded_by_etag()
    {
        var (_, consultation) = await NewConsultationAsync();
        var register = await Stores.Registers.SaveAsync(ParticipantRegister.Create(consultation, Author, T0), Ct);
        var stale = (await Stores.Registers.GetAsync(consultation.Id, Ct))!;

        register.Add("Antonio Reyes", "PLDT", "telecoms", null, Author, T0);
        await Stores.Registers.SaveAsync(register, Ct);
        stale.Add("Someone Else", "Org", null, null, Author, T0);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Stores.Registers.SaveAsync(stale, Ct));
        var fresh = ParticipantRegister.Create(consultation, Author, T0);
        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Stores.Registers.SaveAsync(fresh, Ct));
        Assert.Equal(ConflictReason.AlreadyExists, ex.Reason);
        Assert.Equal(["Antonio Reyes"], (await Stores.Registers.GetAsync(consultation.Id, Ct))!.Participants.Select(p => p.Name));
    }

    [Fact]
    public async Task A_purged_register_round_trips_without_names()
    {
        var (_, consultation) = await NewConsultationAsync();
        var register = ParticipantRegister.Create(consultation, Author, T0);
        register.AddRange(
        [
            new("Phạm Thu Hằng", "Ministry of Information and Communications (MIC)", "government", "Director"),
            new("Trần Minh Đức", "Viettel", "telecoms", null),
        ], Author, T0);
        register = await Stores.Registers.SaveAsync(register, Ct);
        register.Purge(GuardRegister.Compile(register.Participants, GuardKey.Generate(), 3), new UserRef("lead", "Lead"), T0.AddDays(7));

        await Stores.Registers.SaveAsync(register, Ct);
        var read = (await Stores.Registers.GetAsync(consultation.Id, Ct))!;

        var json = DocumentJson.Serialize(read);
        Assert.Equal(DocumentJson.Serialize(register), json);
        Assert.True(read.IsPurged);
        Assert.Empty(read.Participants);
        Assert.Equal(register.Guard!.Patterns, read.Guard!.Patterns);
        Assert.Equal(new Dictionary<string, int> { ["government"] = 1, ["telecoms"] = 1 }, read.GroupCounts());
        Assert.Equal([RegisterAction.Imported, RegisterAction.Purged], read.History.Select(h => h.Action));
        foreach (var word in new[] { "Phạm", "Hằng", "Trần", "Đức", "Ministry", "Viettel", "Director" })
        {
            Assert.DoesNotContain(word, json, StringComparison.Ordinal);
        }

        Assert.Throws<DomainRuleException>(() => read.Add("Phạm Thu Hằng", "MIC", null, null, Author, T0));
    }

    // ---------- size limits ----------

    [Fact]
    public async Task A_note_at_the_longest_allowed_text_round_trips()
    {
        var (programme, consultation) = await NewConsultationAsync();

        // Four-byte characters make the largest document a note can be (the domain caps its length in characters).
        var text = string.Concat(Enumerable.Repeat("🙂", Note.MaxTextLength / 2));
        var note = await Stores.Notes.CreateAsync(NewNote(programme, consultation, "plenary", text, T0), Ct);

        Assert.Equal(text, (await Stores.Notes.GetAsync(consultation.Id, note.Id, Ct))!.Text);
    }

    [Fact]
    public async Task A_document_over_the_size_limit_is_rejected_with_a_clear_message_and_the_stored_one_is_kept()
    {
        var (_, consultation) = await NewConsultationAsync();
        var register = await Stores.Registers.SaveAsync(ParticipantRegister.Create(consultation, Author, T0), Ct);
        register.Add("Kept Person", "Org", null, null, Author, T0);
        register = await Stores.Registers.SaveAsync(register, Ct);

        // 2,000 participants with 200-character three-byte names and organisations: about 2.4 MB, over Cosmos DB's 2 MB item limit.
        var wide = new string('越', ParticipantRegister.MaxFieldLength - 4);
        for (var i = 1; i < ParticipantRegister.MaxParticipants; i++)
        {
            register.Add($"{i:0000}{wide}", $"{i:0000}{wide}", null, null, Author, T0);
        }

        var ex = await Assert.ThrowsAsync<DocumentRejectedException>(() => Stores.Registers.SaveAsync(register, Ct));
        Assert.Contains("too large", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was saved", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["Kept Person"], (await Stores.Registers.GetAsync(consultation.Id, Ct))!.Participants.Select(p => p.Name));
    }

    // ---------- builders ----------

    // ---------- briefs ----------

    [Fact]
    public async Task Brief_round_trips_and_is_only_found_within_its_programme()
    {
        var programme = await Stores.Programmes.CreateAsync(NewProgramme(), Ct);
        var brief = NewBrief(programme, "Việt Nam and Malaysia compared");

        var created = await Stores.Briefs.CreateAsync(brief, Ct);
        var read = await Stores.Briefs.GetAsync(programme.Id, brief.Id, Ct);

        Assert.NotNull(created.ETag);
        Assert.NotNull(read);
        Assert.Equal(DocumentJson.Serialize(brief), DocumentJson.Serialize(read));
        Assert.Equal(created.ETag, read.ETag);
        Assert.Null(await Stores.Briefs.GetAsync(Ids.New(), brief.Id, Ct));
        Assert.Null(await Stores.Consultations.GetAsync(programme.Id, brief.Id, Ct));
    }

    [Fact]
    public async Task Briefs_are_listed_newest_change_first_within_their_programme()
    {
        var programme = await Stores.Programmes.CreateAsync(NewProgramme(), Ct);
        var other = await Stores.Programmes.CreateAsync(NewProgramme(), Ct);
        var older = await Stores.Briefs.CreateAsync(NewBrief(programme, "Older", T0), Ct);
        var newer = await Stores.Briefs.CreateAsync(NewBrief(programme, "Newer", T0.AddDays(1)), Ct);
        await Stores.Briefs.CreateAsync(NewBrief(other, "Elsewhere"), Ct);

        var list = await Stores.Briefs.ListByProgrammeAsync(programme.Id, Ct);

        Assert.Equal([newer.Id, older.Id], list.Select(b => b.Id));
    }

    [Fact]
    public async Task A_stale_brief_edit_never_overwrites_the_winner_and_delete_needs_the_current_etag()
    {
        var programme = await Stores.Programmes.CreateAsync(NewProgramme(), Ct);
        var brief = await Stores.Briefs.CreateAsync(NewBrief(programme), Ct);
        var mine = (await Stores.Briefs.GetAsync(programme.Id, brief.Id, Ct))!;
        var theirs = (await Stores.Briefs.GetAsync(programme.Id, brief.Id, Ct))!;

        theirs.Edit("Theirs", "Their text", Author, T0);
        await Stores.Briefs.UpdateAsync(theirs, Ct);
        mine.Edit("Mine", "My text", Author, T0);
        var ex = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Stores.Briefs.UpdateAsync(mine, Ct));
        Assert.Equal(ConflictReason.StaleVersion, ex.Reason);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Stores.Briefs.DeleteAsync(mine, Ct));

        Assert.Equal("Their text", (await Stores.Briefs.GetAsync(programme.Id, brief.Id, Ct))!.Markdown);
        await Stores.Briefs.DeleteAsync(theirs, Ct);
        Assert.Null(await Stores.Briefs.GetAsync(programme.Id, brief.Id, Ct));
    }

    [Fact]
    public async Task A_published_version_is_stored_once_and_read_back_exactly()
    {
        var programme = await Stores.Programmes.CreateAsync(NewProgramme(), Ct);
        var brief = NewBrief(programme, markdown: "Shared ground [@note-a].");
        brief.SubmitForReview(Author, T0);
        var version = brief.Publish([new CitedNote("note-a", "c1", "Việt Nam", "s1", NoteKind.Finding, "Frozen text", 3)], new UserRef("reviewer", "Reviewer"), T0.AddHours(1));

        await Stores.Briefs.CreateVersionAsync(version, Ct);
        var again = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Stores.Briefs.CreateVersionAsync(version with { Markdown = "Rewritten" }, Ct));
        var read = await Stores.Briefs.GetVersionAsync(programme.Id, brief.Id, 1, Ct);

        Assert.Equal(ConflictReason.AlreadyExists, again.Reason);
        Assert.NotNull(read);
        Assert.Equal(DocumentJson.Serialize(version), DocumentJson.Serialize(read));
        Assert.Null(await Stores.Briefs.GetVersionAsync(programme.Id, brief.Id, 2, Ct));
        Assert.Null(await Stores.Briefs.GetVersionAsync(Ids.New(), brief.Id, 1, Ct));
    }

    [Fact]
    public async Task Versions_are_listed_per_programme_or_per_brief_newest_first()
    {
        var programme = await Stores.Programmes.CreateAsync(NewProgramme(), Ct);
        var first = NewBrief(programme, "First");
        var second = NewBrief(programme, "Second");
        var reviewer = new UserRef("reviewer", "Reviewer");
        var versions = new List<BriefVersion>();
        foreach (var (brief, hours) in new[] { (first, 1), (second, 2), (first, 3) })
        {
            brief.SubmitForReview(Author, T0);
            versions.Add(await Stores.Briefs.CreateVersionAsync(brief.Publish([], reviewer, T0.AddHours(hours)), Ct));
        }

        var all = await Stores.Briefs.ListVersionsAsync(programme.Id, cancellationToken: Ct);
        var ofFirst = await Stores.Briefs.ListVersionsAsync(programme.Id, first.Id, Ct);

        Assert.Equal([versions[2].Id, versions[1].Id, versions[0].Id], all.Select(v => v.Id));
        Assert.Equal([(first.Id, 2), (first.Id, 1)], ofFirst.Select(v => (v.BriefId, v.Number)));
    }

    private static Brief NewBrief(Programme programme, string title = "Brief", DateTimeOffset? at = null, string markdown = "## Common ground\n\nText.") =>
        Brief.Create(
            programme,
            title,
            new BriefScope(["c1", "c2"], ["inclusion"], NoteKind.Finding, null),
            new BriefCoverage(
                [new Core.Comparison.ComparedCountry("c1", "Việt Nam"), new Core.Comparison.ComparedCountry("c2", "Malaysia")],
                [new BriefCoverageRow("inclusion", "Inclusion", [new BriefCoverageCell("c1", Core.Comparison.CoverageState.Recorded, 4), new BriefCoverageCell("c2", Core.Comparison.CoverageState.NotDiscussed, 0)])]),
            markdown,
            Author,
            at ?? T0);

    private static Programme NewProgramme(string name = "Programme", string? id = null) =>
        Programme.Create(id ?? Ids.New(), name, "Description", "Funder", Author, T0);

    private static Consultation NewConsultation(Programme programme, string country = "PH", DateOnly? start = null)
    {
        var date = start ?? new DateOnly(2023, 3, 14);
        var consultation = Consultation.Create(
            Ids.New(),
            programme.Id,
            new ConsultationDetails(country, "City", "Venue", date, date, ConsultationFormat.InPerson, DisclosureRule.ChathamHouse, [new CoChair("Nguyễn Thị Lan", "Co-chair")]),
            Author,
            T0);
        consultation.AddSession("opening", "Opening", [], DisclosureRule.OnTheRecord, programme.Taxonomy, Author, T0);
        consultation.AddSession("plenary", "Plenary", ["technical-standards"], DisclosureRule.ChathamHouse, programme.Taxonomy, Author, T0);
        return consultation;
    }

    private async Task<(Programme Programme, Consultation Consultation)> NewConsultationAsync()
    {
        var programme = await Stores.Programmes.CreateAsync(NewProgramme(), Ct);
        var consultation = await Stores.Consultations.CreateAsync(NewConsultation(programme), Ct);
        return (programme, consultation);
    }

    private static Note NewNote(Programme programme, Consultation consultation, string sessionId, string text, DateTimeOffset at, NoteKind kind = NoteKind.Finding, string[]? themes = null) =>
        Note.Create(
            programme,
            consultation,
            consultation.FindSession(sessionId)!,
            new NoteContent(text, kind, "government", themes ?? ["technical-standards"], []),
            Author,
            at);
}
