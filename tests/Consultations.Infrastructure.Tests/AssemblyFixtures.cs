using Consultations.Infrastructure.Tests.Embeddings;
using Consultations.Testing.Cosmos;

// One Cosmos DB test server (npm, on loopback) for every test in this assembly that asks for it.
[assembly: AssemblyFixture(typeof(CosmosServer))]

// One sentence encoder for every embedding test: it loads the model (≈ 90 MB) on first use only, so other tests pay nothing.
[assembly: AssemblyFixture(typeof(MiniLmFixture))]
