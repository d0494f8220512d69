using Consultations.Core.Access;
using Consultations.Core.Demo;
using Consultations.Core.Domain;
using Consultations.Core.Search;
using Consultations.Infrastructure.Search;
using Microsoft.Data.Sqlite;

namespace Consultations.Cli.Tests;

public sealed class SearchIndexCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "consultations-cli-tests", Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string IndexPath => Path.Combine(_directory, SearchOptions.DefaultFolderName);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Rebuilds_the_whole_index_from_the_store_with_reader_text_through_the_gate()
    {
        await SeedAsync();

        var (code, output, error) = await RunAsync("search-index", "rebuild", "--data-dir", _directory);

        Assert.True(code == 0, error);
        Assert.Contains("Rebuilt the search index at", output, StringComparison.Ordinal);
        Assert.Matches(@": 2\d\d documents in", output);
        using var index = new LuceneSearchIndex(IndexPath, new SearchOptions());
        Assert.False(index.NeedsRebuild);
        var researcher = await SearchAsync(index, DemoPersonas.Researcher.ToActor(), "Nghi dinh 13");
        Assert.NotEmpty(researcher.Hits);
        Assert.All(researcher.Hits, h => Assert.Equal(SearchView.Reader, h.View));
        var drafts = await SearchAsync(index, DemoPersonas.Researcher.ToActor(), "\"too late to help anyone\"");
        Assert.Equal(0, drafts.Total);
    }

    [Fact]
    public async Task Rebuilds_one_programme_and_refuses_an_unknown_one()
    {
        await SeedAsync();
        Assert.Equal(0, (await RunAsync("search-index", "rebuild", "--data-dir", _directory)).Code);

        var (code, output, error) = await RunAsync("search-index", "rebuild", "--programme", "demo", "--data-dir", _directory);
        var (unknown, _, unknownError) = await RunAsync("search-index", "rebuild", "--programme", "no-such-programme", "--data-dir", _directory);

        Assert.True(code == 0, error);
        Assert.Contains("Rebuilt programme 'demo'", output, StringComparison.Ordinal);
        Assert.Equal(1, unknown);
        Assert.Contains("there is no programme 'no-such-programme'", unknownError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_guard_key_or_with_the_index_in_use_it_says_what_to_do()
    {
        await SeedAsync();
        File.Delete(Path.Combine(_directory, "guard.key"));

        var (noKey, _, noKeyError) = await RunAsync("search-index", "rebuild", "--data-dir", _directory);

        Assert.Equal(1, noKey);
        Assert.Contains("Guard:HashKey", noKeyError, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(_directory, "guard.key"), Convert.ToBase64String(GuardKeyBytes()), Ct);
        using (new LuceneSearchIndex(IndexPath, new SearchOptions()))
        {
            var (inUse, _, inUseError) = await RunAsync("search-index", "rebuild", "--data-dir", _directory);
            Assert.Equal(1, inUse);
            Assert.Contains("Stop the app that uses it first", inUseError, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_missing_database_is_reported_not_created()
    {
        var (code, _, error) = await RunAsync("search-index", "rebuild", "--data-dir", _directory);

        Assert.Equal(1, code);
        Assert.Contains("There is no SQLite database", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_directory, "consultations.db")));
    }

    private static byte[] GuardKeyBytes() => [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private async Task SeedAsync()
    {
        var (code, _, error) = await RunAsync("seed-demo", "--data-dir", _directory);
        Assert.True(code == 0, error);
        await File.WriteAllTextAsync(Path.Combine(_directory, "guard.key"), Convert.ToBase64String(GuardKeyBytes()), Ct);
    }

    private static Task<SearchResults> SearchAsync(LuceneSearchIndex index, Actor actor, string query)
    {
        var programme = Programme.Create("demo", "Demo", null, null, DemoPersonas.Administrator.ToActor().Ref, DateTimeOffset.UtcNow);
        var scope = SearchScope.For(actor, programme, []);
        return index.SearchAsync(new SearchRequest { Query = SearchQuery.Parse(query) }, scope, Ct);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
