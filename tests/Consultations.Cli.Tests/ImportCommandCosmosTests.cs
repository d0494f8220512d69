using Consultations.Core.Audit;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Storage.Cosmos;
using Consultations.Testing.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Cli.Tests;

/// <summary>`consultations import` into Cosmos DB (the npm test server, on loopback), where notes are written one by one.</summary>
[Trait("Store", "Cosmos")]
public sealed class ImportCommandCosmosTests(CosmosServer server)
{
    private readonly string _database = "cli-import-" + Ids.New();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Imports_the_word_example_into_cosmos_and_a_second_run_adds_nothing()
    {
        Assert.Equal(0, (await RunAsync("seed-demo")).Code);
        string[] import = ["import", "--programme", "demo", "--consultation", "demo-ph", "--file", DemoFolder.Example("plenary-notes.docx"), "--store", "cosmos", "--as", "demo-lead"];

        var (code, output, error) = await RunAsync(import);
        var (again, againOutput, againError) = await RunAsync(import);

        Assert.True(code == 0, error);
        Assert.Equal("Imported 14 draft notes from plenary-notes.docx into demo-ph (0 already there, 0 left out).", output.Trim());
        Assert.True(again == 0, againError);
        Assert.Equal("Imported 0 draft notes from plenary-notes.docx into demo-ph (14 already there, 0 left out).", againOutput.Trim());

        var storage = await server.StorageAsync(_database);
        var imported = new List<Note>();
        await foreach (var note in new CosmosNoteStore(storage).ReadAllAsync("demo-ph", new NoteQuery(), Ct))
        {
            if (note.Source is not null)
            {
                imported.Add(note);
            }
        }

        Assert.Equal(14, imported.Count);
        Assert.All(imported, n => Assert.Equal((NoteStatus.Draft, "demo-lead"), (n.Status, n.CreatedBy.Id)));
        var entries = new List<AuditEntry>();
        await foreach (var entry in new CosmosAuditStore(storage).ReadAllAsync(new AuditQuery { Action = AuditAction.NotesImported }, Ct))
        {
            entries.Add(entry);
        }

        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal("demo-lead", e.ActorId));
    }

    /// <summary>Runs the CLI on this test's Cosmos DB database, with a configured guard key as a deployment has it.</summary>
    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var settings = server.Settings(_database);
        settings["Guard:HashKey"] = Convert.ToBase64String([.. Enumerable.Range(0, 32).Select(i => (byte)(255 - i))]);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Program.Run(args, output, error, configureHost: builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton<ICosmosHttpHandlerFactory>(new CosmosServerShimHandlers());
        });
        return (code, output.ToString(), error.ToString());
    }
}
