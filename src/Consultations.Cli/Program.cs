using System.CommandLine;

namespace Consultations.Cli;

public static class Program
{
    public static Task<int> Main(string[] args) => Run(args, Console.Out, Console.Error, Console.In);

    /// <summary>Entry point with explicit streams so tests can run commands in-process; <paramref name="input"/> defaults to standard input.</summary>
    public static async Task<int> Run(string[] args, TextWriter output, TextWriter error, TextReader? input = null)
    {
        var root = new RootCommand("Consultations: command-line tools for the repository of consultation notes.");
        root.Subcommands.Add(SeedDemoCommand.Create(output, error));
        root.Subcommands.Add(MigrateCommand.Create(output, error));
        root.Subcommands.Add(GuardCommand.Create(input ?? Console.In, output, error));
        root.Subcommands.Add(AnalyzeCommand.Create(input ?? Console.In, output, error));
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return await root.Parse(args).InvokeAsync(configuration);
    }
}
