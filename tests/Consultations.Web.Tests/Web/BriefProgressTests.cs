using System.Net;
using Consultations.Core.Domain;
using Consultations.Core.Storage;
using Consultations.Testing.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Consultations.Web.Tests.Web;

/// <summary>A generation that outlasts the request's wait goes on in the background behind a progress page, then opens the draft.</summary>
public sealed class BriefProgressTests(BriefProgressTests.SlowNotesApp app) : IClassFixture<BriefProgressTests.SlowNotesApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_slow_generation_shows_progress_and_then_the_draft()
    {
        using var client = await app.SignedInClientAsync("demo-researcher");
        var compare = await client.GetOkAsync("/programmes/demo/compare?c=demo-ph&c=demo-vn");

        app.Gate.Block();
        Page started;
        try
        {
            started = await client.SubmitAsync(compare, "[data-testid=generate-brief]", [new("Input.Title", "Slow one")]);
            Assert.Equal(HttpStatusCode.Redirect, started.Status);
            Assert.Contains("/briefs/jobs/", started.Location, StringComparison.Ordinal);

            var progress = await client.GetOkAsync(started.Location!);
            Assert.NotNull(progress.Document.QuerySelector("[data-testid=brief-progress] progress"));
            Assert.NotNull(progress.Document.QuerySelector("meta[http-equiv=refresh]"));

            // Someone else cannot follow (or learn anything from) this user's job.
            using var other = await app.SignedInClientAsync("demo-admin");
            var foreign = await other.GetAsync(started.Location!);
            Assert.Equal(HttpStatusCode.NotFound, foreign.Status);
            Assert.NotNull(foreign.Document.QuerySelector("[data-testid=job-lost]"));
            Assert.Null(foreign.Document.QuerySelector("progress"));
        }
        finally
        {
            app.Gate.Release();
        }

        Page answer = started;
        for (var i = 0; i < 100 && answer.Location?.Contains("/jobs/", StringComparison.Ordinal) == true; i++)
        {
            await Task.Delay(100, Ct);
            var next = await client.GetAsync(answer.Location);
            answer = next.Status == HttpStatusCode.OK ? answer : next;
        }

        var draft = await client.FollowAsync(answer);
        Assert.Contains("/programmes/demo/briefs/", draft.Url, StringComparison.Ordinal);
        Assert.Contains("Draft brief generated", draft.MainText, StringComparison.Ordinal);
    }

    /// <summary>The app with a note store whose queries can be held, so the background job is still running when the page is asked.</summary>
    public sealed class SlowNotesApp : AppFactory
    {
        public GatedNoteStore Gate { get; private set; } = null!;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Briefs:GenerationWait", "00:00:00.200");
            builder.ConfigureTestServices(services =>
            {
                var inner = services.Single(d => d.ServiceType == typeof(INoteStore));
                services.Remove(inner);
                services.AddSingleton<INoteStore>(sp => Gate = new GatedNoteStore((INoteStore)(inner.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!))));
            });
        }
    }

    public sealed class GatedNoteStore(INoteStore inner) : INoteStore
    {
        private volatile TaskCompletionSource _open = Opened();

        public void Block() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _open.TrySetResult();

        public async Task<NotePage> QueryAsync(string consultationId, NoteQuery query, CancellationToken cancellationToken = default)
        {
            await _open.Task.WaitAsync(cancellationToken);
            return await inner.QueryAsync(consultationId, query, cancellationToken);
        }

        public Task<Note?> GetAsync(string consultationId, string noteId, CancellationToken cancellationToken = default) => inner.GetAsync(consultationId, noteId, cancellationToken);

        public Task<IReadOnlyList<Note>> ListBySessionAsync(string consultationId, string sessionId, CancellationToken cancellationToken = default) => inner.ListBySessionAsync(consultationId, sessionId, cancellationToken);

        public Task<IReadOnlyList<NoteTally>> TallyAsync(string consultationId, CancellationToken cancellationToken = default) => inner.TallyAsync(consultationId, cancellationToken);

        public Task<Note> CreateAsync(Note note, CancellationToken cancellationToken = default) => inner.CreateAsync(note, cancellationToken);

        public Task<Note> UpdateAsync(Note note, CancellationToken cancellationToken = default) => inner.UpdateAsync(note, cancellationToken);

        public Task DeleteAsync(Note note, CancellationToken cancellationToken = default) => inner.DeleteAsync(note, cancellationToken);

        private static TaskCompletionSource Opened()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }
    }
}
