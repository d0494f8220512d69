using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Consultations.Benchmarks.CaptureLoad;
using Consultations.Benchmarks.SearchLoad;

// Run in Release: dotnet run -c Release --project tests/Consultations.Benchmarks -- --filter '*' (see docs/performance.md).
// The live-capture load run is not a BenchmarkDotNet benchmark (it times a real server and browser): its own mode.
if (args.Length > 0 && args[0] == CaptureLoadCommand.Name)
{
    return await CaptureLoadCommand.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == SearchLoadCommand.Name)
{
    return await SearchLoadCommand.RunAsync(args[1..]);
}

// Reports go beside this project, never to the repository root (which holds only the solution's own files).
var artifacts = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "BenchmarkDotNet.Artifacts");
BenchmarkSwitcher.FromAssembly(typeof(Consultations.Benchmarks.GuardCheckBenchmarks).Assembly)
    .Run(args, DefaultConfig.Instance.WithArtifactsPath(Path.GetFullPath(artifacts)));
return 0;
