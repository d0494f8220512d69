using Consultations.Testing.Cosmos;

// One Cosmos DB test server (npm, on loopback) for every test in this assembly that asks for it.
[assembly: AssemblyFixture(typeof(CosmosServer))]
