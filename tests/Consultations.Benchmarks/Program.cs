using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Run in Release: dotnet run -c Release --project tests/Consultations.Benchmarks -- --filter '*' (see docs/performance.md).
// Reports go beside this project, never to the repository root (which holds only the solution's own files).
var artifacts = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "BenchmarkDotNet.Artifacts");
BenchmarkSwitcher.FromAssembly(typeof(Consultations.Benchmarks.GuardCheckBenchmarks).Assembly)
    .Run(args, DefaultConfig.Instance.WithArtifactsPath(Path.GetFullPath(artifacts)));
