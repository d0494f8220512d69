using System.Diagnostics;
using Consultations.Benchmarks.Search;
using Consultations.Core.Demo;
using Consultations.Core.Domain;
using Consultations.Core.Search;
using Consultations.Core.Storage;
using Consultations.Infrastructure.Embeddings;
using Consultations.Infrastructure.Search;
using Consultations.Web.Search;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Benchmarks.SearchLoad;

/// <summary>One timed search: its kind, who asked, how long it took (ms) and how many hits it counted.</summary>
internal readonly record struct SearchSample(string Kind, string Persona, double Milliseconds, int Total);

/// <summary>Searches run in this process against <see cref="ProgrammeSearch"/>, what the search page calls: the server's side of a request without HTTP, sign-in and rendering.</summary>
internal static class InProcessSearch
{
    /// <summary>The clients as tasks, each running the query mix in turn (starting at its own place in it) until the time or count runs out.</summary>
    public static async Task<List<SearchSample>> RunConcurrentAsync(IServiceProvider services, Programme programme, SearchLoadOptions options)
    {
        var (clients, duration, maxPerClient) = (options.Clients, TimeSpan.FromSeconds(options.Seconds), options.MaxRequests);
        var search = services.GetRequiredService<ProgrammeSearch>();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var tasks = Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var persona = SearchWorkload.Personas[client % SearchWorkload.Personas.Count];
            var actor = persona.ToActor();
            var samples = new List<SearchSample>();
            var clock = Stopwatch.StartNew();
            var firstAt = TimeSpan.FromSeconds(Random.Shared.NextDouble() * options.IntervalSeconds);
            for (var i = 0; i < maxPerClient && Stopwatch.GetTimestamp() < deadline; i++)
            {
                if (options.Due(firstAt, i) - clock.Elapsed is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait);
                }

                var kind = SearchWorkload.Kinds[(client + i) % SearchWorkload.Kinds.Count];
                var started = Stopwatch.GetTimestamp();
                var results = await search.SearchAsync(actor, programme, kind.Request(), CancellationToken.None);
                samples.Add(new SearchSample(kind.Name, persona.Id, Stopwatch.GetElapsedTime(started).TotalMilliseconds, results.Total));
            }

            return samples;
        })).ToList();
        return [.. (await Task.WhenAll(tasks)).SelectMany(s => s)];
    }

    /// <summary>
    /// A facilitator saves a new note (through the store as the app wires it, so the write is signalled to the index as a
    /// page's save is) and searches for a word only it has until it is found: milliseconds from the save's start, per note.
    /// </summary>
    public static async Task<List<(double Save, double Found)>> FreshnessAsync(IServiceProvider services, Programme programme, int count)
    {
        var persona = DemoPersonas.Facilitator;
        var actor = persona.ToActor();
        var notes = services.GetRequiredService<INoteStore>();
        var search = services.GetRequiredService<ProgrammeSearch>();
        var consultation = (await services.GetRequiredService<IConsultationStore>().ListByProgrammeAsync(programme.Id))
            .First(c => c.Facilitators.Any(f => f.UserId == persona.Id));
        var session = consultation.Sessions.First(s => s.DisclosureRule == DisclosureRule.ChathamHouse);
        var template = (await notes.ListBySessionAsync(consultation.Id, session.Id))[0];
        var results = new List<(double, double)>();
        var run = Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < count; i++)
        {
            // Letters and digits only: one token, found as written.
            var word = $"probe{run}x{i}";
            var note = Note.Create(
                programme,
                consultation,
                session,
                new NoteContent($"Participants asked for a freshness check ({word}) of the search index.", template.Kind, template.StakeholderGroup, template.Themes, template.SubThemes),
                actor.Ref,
                DateTimeOffset.UtcNow);
            var request = new SearchRequest { Query = SearchQuery.Parse(word), CountFacets = false };
            var started = Stopwatch.GetTimestamp();
            await notes.CreateAsync(note);
            var saved = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var found = double.NaN;
            while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(10))
            {
                if ((await search.SearchAsync(actor, programme, request, CancellationToken.None)).Total > 0)
                {
                    found = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    break;
                }

                await Task.Delay(5);
            }

            results.Add((saved, found));
        }

        return results;
    }

    /// <summary>
    /// Stores a vector for every text the hybrid index would embed (the note's full text and its reader text), under the
    /// hash of that text, so the index finds them current and search by meaning is ready without hours of the model on
    /// two cores. The vectors are random unit vectors: a brute-force scan costs the same whatever they hold. Returns how many.
    /// </summary>
    public static int FillVectors(string indexPath, IEnumerable<SearchDocument> documents)
    {
        using var store = EmbeddingStore.Open(HybridSearchIndex.VectorsPathOf(indexPath), MiniLmEmbedder.ModelName, MiniLmEmbedder.VectorDimensions);
        var random = new Random(18);
        var vector = new float[MiniLmEmbedder.VectorDimensions];
        var count = 0;
        foreach (var document in documents)
        {
            var texts = document switch
            {
                NoteSearchDocument note => new[] { ("#full", (string?)note.Text), ("#reader", note.ReaderText) },
                BriefSearchDocument brief => [("#brief", brief.Title + "\n\n" + brief.Text)],
                _ => [],
            };
            foreach (var (suffix, text) in texts)
            {
                if (text is null)
                {
                    continue;
                }

                var norm = 0f;
                for (var d = 0; d < vector.Length; d++)
                {
                    vector[d] = (float)((random.NextDouble() * 2) - 1);
                    norm += vector[d] * vector[d];
                }

                norm = MathF.Sqrt(norm);
                for (var d = 0; d < vector.Length; d++)
                {
                    vector[d] /= norm;
                }

                store.Upsert(document.Key + suffix, EmbeddingStore.HashText(SearchAnalyzers.Normalise(text)), vector);
                count++;
            }
        }

        store.Save();
        return count;
    }

    /// <summary>The model's cost per note on this machine: <paramref name="texts"/> embedded in batches of 16 after a warm-up batch (ms a text).</summary>
    public static async Task<double> EmbeddingCostAsync(IReadOnlyList<string> texts)
    {
        using var embedder = new MiniLmEmbedder(new MiniLmEmbedderOptions { IntraOpThreads = 1 });
        await embedder.EmbedAsync([.. texts.Take(16)], CancellationToken.None);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < texts.Count; i += 16)
        {
            await embedder.EmbedAsync([.. texts.Skip(i).Take(16)], CancellationToken.None);
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds / texts.Count;
    }
}
