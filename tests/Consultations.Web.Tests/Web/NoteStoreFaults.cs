using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Testing.Web;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Web.Tests.Web;

/// <summary>
/// Test-only fault injection for notes on either store: while <see cref="FailWrites"/> is on, every note create, update
/// and delete throws what a throttled store throws, and nothing is written. Reads go through to the real store.
/// </summary>
public sealed class NoteStoreFaults
{
    public const string Message = "The database is busy (request rate too high) and did not answer in time. Nothing was changed; try again in a moment.";

    private volatile bool _failWrites;

    public bool FailWrites
    {
        get => _failWrites;
        set => _failWrites = value;
    }

    /// <summary>The same app on the same data, with its note store behind these faults.</summary>
    public WebApplicationFactory<Program> On(AppFactory app) =>
        app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            var real = services.Last(d => d.ServiceType == typeof(INoteStore));
            services.Remove(real);
            services.AddSingleton<INoteStore>(sp => new FailingNoteStore(Resolve(sp, real), this));
        }));

    private static INoteStore Resolve(IServiceProvider services, ServiceDescriptor real) =>
        (INoteStore)(real.ImplementationInstance
            ?? real.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, real.ImplementationType!));

    private sealed class FailingNoteStore(INoteStore inner, NoteStoreFaults faults) : INoteStore
    {
        public Task<Note?> GetAsync(string consultationId, string noteId, CancellationToken cancellationToken = default) => inner.GetAsync(consultationId, noteId, cancellationToken);

        public Task<IReadOnlyList<Note>> ListBySessionAsync(string consultationId, string sessionId, CancellationToken cancellationToken = default) => inner.ListBySessionAsync(consultationId, sessionId, cancellationToken);

        public Task<NotePage> QueryAsync(string consultationId, NoteQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(consultationId, query, cancellationToken);

        public Task<IReadOnlyList<NoteTally>> TallyAsync(string consultationId, CancellationToken cancellationToken = default) => inner.TallyAsync(consultationId, cancellationToken);

        public Task<Note> CreateAsync(Note note, CancellationToken cancellationToken = default) => Fail() ?? inner.CreateAsync(note, cancellationToken);

        public Task<Note> UpdateAsync(Note note, CancellationToken cancellationToken = default) => Fail() ?? inner.UpdateAsync(note, cancellationToken);

        public Task DeleteAsync(Note note, CancellationToken cancellationToken = default) => Fail() ?? inner.DeleteAsync(note, cancellationToken);

        private Task<Note>? Fail() => faults.FailWrites ? Task.FromException<Note>(new StoreUnavailableException(Message)) : null;
    }
}
