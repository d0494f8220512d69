using BenchmarkDotNet.Running;

// Run in Release: dotnet run -c Release --project tests/Consultations.Benchmarks -- --filter '*' (see docs/performance.md).
BenchmarkSwitcher.FromAssembly(typeof(Consultations.Benchmarks.GuardCheckBenchmarks).Assembly).Run(args);
