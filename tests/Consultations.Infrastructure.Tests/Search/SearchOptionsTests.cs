using Consultations.Core.Analysis;
using Consultations.Core.Search;
using Consultations.Infrastructure.Hosting;
using Consultations.Infrastructure.Search;
using Consultations.Infrastructure.Storage;
using Consultations.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Consultations.Infrastructure.Tests.Search;

/// <summary>Where the index lives and start-up validation of section "Search".</summary>
public sealed class SearchOptionsTests
{
    [Fact]
    public void By_default_the_index_lives_in_the_data_folder_beside_the_database()
    {
        var root = Path.Combine(Path.GetTempPath(), "app");

        Assert.Equal(Path.Combine(root, "App_Data", "search-index"), new SearchOptions().ResolveIndexPath(root, new SqliteStorageOptions()));
        Assert.Equal(Path.Combine(root, "data", "search-index"), new SearchOptions().ResolveIndexPath(root, new SqliteStorageOptions { DataDirectory = "data" }));
    }

    [Fact]
    public void A_configured_path_is_taken_relative_to_the_content_root_or_as_written()
    {
        var root = Path.Combine(Path.GetTempPath(), "app");
        var local = Path.Combine(Path.GetTempPath(), "local", "index");

        Assert.Equal(Path.Combine(root, "idx"), new SearchOptions { IndexPath = "idx" }.ResolveIndexPath(root, new SqliteStorageOptions()));
        Assert.Equal(local, new SearchOptions { IndexPath = local }.ResolveIndexPath(root, new SqliteStorageOptions()));
    }

    [Fact]
    public void Defaults_are_valid() => Assert.Empty(Failures(new SearchOptions()));

    [Theory]
    [InlineData(0, 10, "Search:RefreshInterval")]
    [InlineData(60_000, 10, "Search:RefreshInterval")]
    [InlineData(250, 0, "Search:CommitInterval")]
    [InlineData(250, 3_600, "Search:CommitInterval")]
    public void Intervals_out_of_range_are_named(int refreshMs, int commitSeconds, string expected)
    {
        var failures = Failures(new SearchOptions { RefreshInterval = TimeSpan.FromMilliseconds(refreshMs), CommitInterval = TimeSpan.FromSeconds(commitSeconds) });

        Assert.Contains(failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_path_with_a_nul_character_is_refused() =>
        Assert.Contains(Failures(new SearchOptions { IndexPath = "a\0b" }), f => f.StartsWith("Search:IndexPath", StringComparison.Ordinal));

    [Fact]
    public async Task The_registration_opens_the_index_where_the_settings_say()
    {
        using var folder = new TempDirectory();
        using var host = Host(folder.Path, new() { ["Search:IndexPath"] = "idx", ["Search:Embeddings:Enabled"] = "false" });
        await host.StartAsync(TestContext.Current.CancellationToken);

        var index = Assert.IsType<LuceneSearchIndex>(host.Services.GetRequiredService<ISearchIndex>());

        Assert.Equal(Path.Combine(folder.Path, "idx"), index.IndexPath);
        Assert.True(index.NeedsRebuild);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task By_default_the_index_also_searches_by_meaning_with_its_vectors_inside_the_index_folder()
    {
        using var folder = new TempDirectory();
        using var host = Host(folder.Path, new() { ["Search:IndexPath"] = "idx" }, new GatedEmbedder());
        await host.StartAsync(TestContext.Current.CancellationToken);

        var index = Assert.IsType<HybridSearchIndex>(host.Services.GetRequiredService<ISearchIndex>());

        Assert.Equal(Path.Combine(folder.Path, "idx"), index.Words.IndexPath);
        Assert.True(Directory.Exists(HybridSearchIndex.VectorsPathOf(index.Words.IndexPath)));
        await index.WaitForMeaningAsync(HybridWorld.ReadyDeadline, TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("FusionK", "-1", "Search:Embeddings:FusionK")]
    [InlineData("MeaningWeight", "-2", "Search:Embeddings:WordWeight")]
    [InlineData("MeaningDepth", "0", "Search:Embeddings:MeaningDepth")]
    [InlineData("MinimumSimilarity", "1.5", "Search:Embeddings:MinimumSimilarity")]
    [InlineData("QueueCapacity", "0", "Search:Embeddings:QueueCapacity")]
    public async Task Wrong_embedding_settings_stop_the_start(string key, string value, string expected)
    {
        using var folder = new TempDirectory();
        using var host = Host(folder.Path, new() { ["Search:Embeddings:" + key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(error.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_settings_stop_the_start()
    {
        using var folder = new TempDirectory();
        using var host = Host(folder.Path, new() { ["Search:RefreshInterval"] = "00:01:00" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(error.Failures, f => f.StartsWith("Search:RefreshInterval", StringComparison.Ordinal));
    }

    private static IHost Host(string contentRoot, Dictionary<string, string?> settings, ITextEmbedder? embedder = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = contentRoot, EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(settings);
        if (embedder is not null)
        {
            // Registered first, so the registration keeps it instead of loading the real model.
            builder.Services.AddSingleton(embedder);
        }

        builder.AddConsultationsSearch();
        return builder.Build();
    }

    private static IEnumerable<string> Failures(SearchOptions options) =>
        new SearchOptionsValidator().Validate(null, options).Failures ?? [];
}
