using System.CommandLine;
using Microsoft.Extensions.Hosting;

namespace Consultations.Cli;

public static class Program
{
    public static Task<int> Main(string[] args) => Run(args, Console.Out, Console.Error, Console.In);

    /// <summary>
    /// Entry point with explicit streams so tests can run commands in-process; <paramref name="input"/> defaults to standard input.
    /// <paramref name="configureHost"/> runs on every host a command builds, after the web app's configuration sources and before
    /// the command's own settings and the storage and Azure AI Language registrations: a place to add configuration and to
    /// register services those registrations use instead of their defaults (an <c>ICosmosHttpHandlerFactory</c>, or an
    /// <c>HttpPipelineTransport</c> under <c>AzureLanguageServiceExtensions.TransportKey</c>).
    /// </summary>
    public static async Task<int> Run(string[] args, TextWriter output, TextWriter error, TextReader? input = null, Action<IHostApplicationBuilder>? configureHost = null)
    {
        var hosts = new StoreHost(configureHost);
        var root = new RootCommand("Consultations: command-line tools for the repository of consultation notes.");
        root.Subcommands.Add(SeedDemoCommand.Create(hosts, output, error));
        root.Subcommands.Add(MigrateCommand.Create(hosts, output, error));
        root.Subcommands.Add(GenerateCommand.Create(hosts, output, error));
        root.Subcommands.Add(SearchIndexCommand.Create(hosts, output, error));
        root.Subcommands.Add(ImportCommand.Create(hosts, output, error));
        root.Subcommands.Add(GuardCommand.Create(input ?? Console.In, output, error));
        root.Subcommands.Add(AnalyzeCommand.Create(hosts, input ?? Console.In, output, error));
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return await root.Parse(args).InvokeAsync(configuration);
    }
}
