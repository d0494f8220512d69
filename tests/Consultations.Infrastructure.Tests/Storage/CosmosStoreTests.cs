using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Storage.Cosmos;
using Consultations.Testing.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Consultations.Infrastructure.Tests.Storage;

/// <summary>The store contract, unchanged, on Cosmos DB (the npm server on loopback).</summary>
[Trait("Store", "Cosmos")]
public sealed class CosmosStoreContractTests(CosmosServer server) : StoreContractTests
{
    protected override async Task<StoreSet> CreateStoresAsync()
    {
        var storage = await server.StorageAsync("contract");
        return new StoreSet(
            new CosmosProgrammeStore(storage),
            new CosmosConsultationStore(storage),
            new CosmosNoteStore(storage),
            new CosmosParticipantRegisterStore(storage),
            new CosmosBriefStore(storage));
    }
}

/// <summary>What only Cosmos DB has: envelopes, partitions, SDK continuation tokens, request metrics, start-up checks.</summary>
[Trait("Store", "Cosmos")]
public sealed class CosmosStoreTests(CosmosServer server)
{
    private static readonly DateTimeOffset T0 = new(2024, 2, 1, 9, 0, 0, TimeSpan.FromHours(7));
    private static readonly UserRef Author = new("author", "Author");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Concurrent_read_modify_write_loops_lose_no_update()
    {
        var (storage, programme, consultation) = await SeedAsync();
        var notes = new CosmosNoteStore(storage);
        var note = await notes.CreateAsync(NewNote(programme, consultation, "start"), Ct);
        var conflicts = 0;

        // Twelve writers append their mark at once; each retries from a fresh read when its ETag is stale.
        await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            while (true)
            {
                var copy = (await notes.GetAsync(consultation.Id, note.Id, Ct))!;
                copy.Revise(programme, copy.Content with { Text = $"{copy.Text} w{i:00}" }, new UserRef($"w{i}", $"Writer {i}"), T0);
                try
                {
                    await notes.UpdateAsync(copy, Ct);
                    return;
                }
                catch (ConcurrencyConflictException ex) when (ex.Reason == ConflictReason.StaleVersion)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        }));

        var final = (await notes.GetAsync(consultation.Id, note.Id, Ct))!;
        Assert.All(Enumerable.Range(0, 12), i => Assert.Contains($" w{i:00}", final.Text, StringComparison.Ordinal));
        Assert.Equal(13, final.Version);
        Assert.True(conflicts > 0, "twelve simultaneous writers should have collided at least once");
    }

    [Fact]
    public async Task Filtered_paging_follows_sdk_continuation_tokens_across_many_pages()
    {
        var (storage, programme, consultation) = await SeedAsync();
        var notes = new CosmosNoteStore(storage);
        var expected = new List<string>();
        for (var i = 0; i < 45; i++)
        {
            var note = NewNote(programme, consultation, $"note {i:00}", i % 3 == 0 ? "opening" : "plenary", T0.AddMinutes(i % 9).ToOffset(TimeSpan.FromHours(i % 5)));
            if (i % 2 == 0)
            {
                note.Submit(Author, T0);
            }

            await notes.CreateAsync(note, Ct);
            if (i % 2 == 0 && i % 3 != 0)
            {
                expected.Add(note.Id);
            }
        }

        var query = new NoteQuery
        {
            Statuses = new HashSet<NoteStatus> { NoteStatus.Submitted },
            SessionIds = new HashSet<string> { "plenary" },
            Theme = "technical-standards",
            PageSize = 4,
        };
        var seen = new List<Note>();
        var tokens = new List<string>();
        string? token = null;
        do
        {
            var page = await notes.QueryAsync(consultation.Id, query with { ContinuationToken = token }, Ct);
            seen.AddRange(page.Notes);
            token = page.ContinuationToken;
            if (token is not null)
            {
                tokens.Add(token);
            }
        }
        while (token is not null && tokens.Count < 50);

        // Written order is UTC time (offsets differ), then id; every matching note exactly once.
        Assert.Equal(expected.Order().ToList(), seen.Select(n => n.Id).Order().ToList());
        Assert.Equal(seen.OrderBy(n => n.CreatedAt.UtcDateTime).ThenBy(n => n.Id, StringComparer.Ordinal).Select(n => n.Id), seen.Select(n => n.Id));
        Assert.True(tokens.Count >= 3);
        Assert.All(tokens, t => Assert.Matches("^[A-Za-z0-9_-]+$", t));
        await Assert.ThrowsAsync<ArgumentException>(() => notes.QueryAsync(consultation.Id, query with { ContinuationToken = "not*a*token" }, Ct));
    }

    [Fact]
    public async Task Missing_documents_are_not_found_by_point_read_update_and_delete()
    {
        var (storage, programme, consultation) = await SeedAsync();
        var notes = new CosmosNoteStore(storage);
        var never = NewNote(programme, consultation, "never stored");
        never.ETag = "\"00000000-0000-0000-0000-000000000000\"";

        Assert.Null(await notes.GetAsync(consultation.Id, never.Id, Ct));
        Assert.Null(await new CosmosConsultationStore(storage).GetAsync(CosmosContainers.ProgrammeCatalogPartition, programme.Id, Ct));
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => notes.UpdateAsync(never, Ct));
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => notes.DeleteAsync(never, Ct));
    }

    [Fact]
    public async Task Items_carry_the_same_document_as_sqlite_inside_a_typed_versioned_envelope()
    {
        var (storage, programme, consultation) = await SeedAsync();
        var note = await new CosmosNoteStore(storage).CreateAsync(NewNote(programme, consultation, "Nguyễn Đức's point"), Ct);

        using var raw = await ReadRawAsync(storage, CosmosContainers.Notes, note.Id, consultation.Id);
        var item = JsonNode.Parse(raw.RootElement.GetRawText())!.AsObject();

        Assert.Equal("note", (string?)item["type"]);
        Assert.Equal(1, (int?)item["schemaVersion"]);
        Assert.Equal(consultation.Id, (string?)item["consultationId"]);
        Assert.Equal("2024-02-01T02:00:00.0000000Z", (string?)item["createdUtc"]);
        foreach (var envelope in new[] { "type", "schemaVersion", "createdUtc", "_etag", "_rid", "_self", "_ts", "_attachments" })
        {
            item.Remove(envelope);
        }

        Assert.Equal(DocumentJson.Serialize(note), item.ToJsonString(DocumentJson.Options));
    }

    [Fact]
    public async Task A_document_from_a_newer_schema_is_refused_with_a_clear_message()
    {
        var (storage, programme, consultation) = await SeedAsync();
        var note = await new CosmosNoteStore(storage).CreateAsync(NewNote(programme, consultation, "future"), Ct);
        using var raw = await ReadRawAsync(storage, CosmosContainers.Notes, note.Id, consultation.Id);
        var item = JsonNode.Parse(raw.RootElement.GetRawText())!.AsObject();
        item["schemaVersion"] = 99;
        using var body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(item));
        using var replaced = await storage.Container(CosmosContainers.Notes).ReplaceItemStreamAsync(body, note.Id, new PartitionKey(consultation.Id), cancellationToken: Ct);
        Assert.True(replaced.IsSuccessStatusCode);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => new CosmosNoteStore(storage).GetAsync(consultation.Id, note.Id, Ct));

        Assert.Contains("newer version of Consultations", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_request_records_its_charge_and_latency_and_slow_ones_are_logged()
    {
        using var meter = new Meter("cosmos-metrics-test");
        var measurements = new List<(string Instrument, double Value, string? Operation, string? Container)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == meter)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            var all = tags.ToArray();
            var operation = all.FirstOrDefault(t => t.Key == "db.operation.name").Value?.ToString();
            var container = all.FirstOrDefault(t => t.Key == "db.cosmosdb.container").Value?.ToString();
            lock (measurements)
            {
                measurements.Add((instrument.Name, value, operation, container));
            }
        });
        listener.Start();
        var logger = new ListLogger();
        var storage = await server.StorageAsync("metrics", new CosmosRequestObserver(meter, logger, TimeSpan.Zero));
        var (_, programme, consultation) = await SeedAsync();

        var notes = new CosmosNoteStore(storage);
        var note = await notes.CreateAsync(NewNote(programme, consultation, "measured"), Ct);
        await notes.GetAsync(consultation.Id, note.Id, Ct);
        await notes.ListBySessionAsync(consultation.Id, "plenary", Ct);

        Assert.Contains(measurements, m => m is { Instrument: "consultations.cosmos.request.charge", Operation: "create", Container: "notes" } && m.Value > 0);
        Assert.Contains(measurements, m => m is { Instrument: "consultations.cosmos.request.duration", Operation: "read", Container: "notes" } && m.Value > 0);
        Assert.Contains(measurements, m => m is { Instrument: "consultations.cosmos.request.charge", Operation: "query" });
        Assert.Contains(logger.Messages, m => m.StartsWith("Slow Cosmos DB read on notes: 200", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_permission_to_create_a_missing_database_start_up_names_the_fix()
    {
        var options = server.Options("missing-" + Ids.New());
        var storage = new CosmosStorage(server.Client, options, new CosmosRequestObserver(new Meter("t"), NullLogger.Instance, TimeSpan.MaxValue), NullLogger<CosmosStorage>.Instance);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => storage.InitializeAsync(create: false, Ct));

        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:Cosmos:CreateIfMissing=true", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_container_with_another_partition_key_is_refused_at_start_up()
    {
        var name = "wrong-" + Ids.New();
        var database = (await server.Client.CreateDatabaseIfNotExistsAsync(name, cancellationToken: Ct)).Database;
        await database.CreateContainerIfNotExistsAsync(new ContainerProperties(CosmosContainers.Notes, "/sessionId"), cancellationToken: Ct);
        var storage = new CosmosStorage(server.Client, server.Options(name), new CosmosRequestObserver(new Meter("t"), NullLogger.Instance, TimeSpan.MaxValue), NullLogger<CosmosStorage>.Instance);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => storage.InitializeAsync(create: true, Ct));

        Assert.Contains("'notes' is partitioned by '/sessionId', but this app needs '/consultationId'", ex.Message, StringComparison.Ordinal);
    }

    private async Task<(CosmosStorage Storage, Programme Programme, Consultation Consultation)> SeedAsync()
    {
        var storage = await server.StorageAsync("cosmos-specific");
        var programme = await new CosmosProgrammeStore(storage).CreateAsync(Programme.Create(Ids.New(), "Programme", null, null, Author, T0), Ct);
        var consultation = Consultation.Create(
            Ids.New(),
            programme.Id,
            new ConsultationDetails("VN", "Hà Nội", null, new DateOnly(2024, 2, 1), new DateOnly(2024, 2, 1), ConsultationFormat.InPerson, DisclosureRule.ChathamHouse, []),
            Author,
            T0);
        consultation.AddSession("opening", "Opening", [], DisclosureRule.ChathamHouse, programme.Taxonomy, Author, T0);
        consultation.AddSession("plenary", "Plenary", ["technical-standards"], DisclosureRule.ChathamHouse, programme.Taxonomy, Author, T0);
        await new CosmosConsultationStore(storage).CreateAsync(consultation, Ct);
        return (storage, programme, consultation);
    }

    private static Note NewNote(Programme programme, Consultation consultation, string text, string sessionId = "plenary", DateTimeOffset? at = null) =>
        Note.Create(programme, consultation, consultation.FindSession(sessionId)!, new NoteContent(text, NoteKind.Finding, "government", ["technical-standards"], []), Author, at ?? T0);

    private static async Task<JsonDocument> ReadRawAsync(CosmosStorage storage, string container, string id, string partitionKey)
    {
        using var response = await storage.Container(container).ReadItemStreamAsync(id, new PartitionKey(partitionKey), cancellationToken: Ct);
        Assert.True(response.IsSuccessStatusCode);
        return await JsonDocument.ParseAsync(response.Content, cancellationToken: Ct);
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Messages)
            {
                Messages.Add(formatter(state, exception));
            }
        }
    }
}
