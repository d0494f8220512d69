// Azure Cosmos DB for NoSQL: Entra ID only (no keys), the database and containers the app verifies at start (docs/cosmos.md).
param name string

param location string

param tags { *: string }

@description('Serverless (pay per request, no minimum) or provisioned autoscale throughput shared by the database.')
param serverless bool = true

@description('Highest autoscale RU/s when not serverless (the floor is a tenth of it).')
@minValue(1000)
param autoscaleMaxThroughput int = 1000

param databaseName string = 'consultations'

@description('Principal IDs granted Cosmos DB Built-in Data Contributor (read and write items, no account changes).')
param dataContributorPrincipalIds string[]

// Must stay equal to CosmosContainers.CreateDefinitions() in src/Consultations.Web (CosmosContainerTests compares them).
// Only the paths queries filter or sort on are indexed; the rest ('/*') is stored unindexed, which lowers write RU.
var containers = [
  {
    id: 'programmes'
    partitionKey: {
      paths: ['/pk']
      kind: 'Hash'
      version: 2
    }
    indexingPolicy: {
      indexingMode: 'consistent'
      automatic: true
      includedPaths: [
        { path: '/pk/?' }
        { path: '/type/?' }
        { path: '/startDate/?' }
        { path: '/countryCode/?' }
        { path: '/briefId/?' }
      ]
      excludedPaths: [
        { path: '/*' }
      ]
      compositeIndexes: [
        [
          { path: '/startDate', order: 'ascending' }
          { path: '/countryCode', order: 'ascending' }
          { path: '/id', order: 'ascending' }
        ]
      ]
    }
  }
  {
    id: 'notes'
    partitionKey: {
      paths: ['/consultationId']
      kind: 'Hash'
      version: 2
    }
    indexingPolicy: {
      indexingMode: 'consistent'
      automatic: true
      includedPaths: [
        { path: '/consultationId/?' }
        { path: '/sessionId/?' }
        { path: '/status/?' }
        { path: '/kind/?' }
        { path: '/themes/[]/?' }
        { path: '/createdUtc/?' }
        { path: '/subThemes/[]/?' }
        { path: '/stakeholderGroup/?' }
        { path: '/publishedUtc/?' }
        { path: '/createdBy/id/?' }
        { path: '/returned/*' }
      ]
      excludedPaths: [
        { path: '/*' }
      ]
      compositeIndexes: [
        [
          { path: '/createdUtc', order: 'ascending' }
          { path: '/id', order: 'ascending' }
        ]
        [
          { path: '/sessionId', order: 'ascending' }
          { path: '/createdUtc', order: 'ascending' }
          { path: '/id', order: 'ascending' }
        ]
        [
          { path: '/status', order: 'ascending' }
          { path: '/createdUtc', order: 'ascending' }
          { path: '/id', order: 'ascending' }
        ]
      ]
    }
  }
  {
    id: 'registers'
    partitionKey: {
      paths: ['/consultationId']
      kind: 'Hash'
      version: 2
    }
    indexingPolicy: {
      indexingMode: 'consistent'
      automatic: true
      includedPaths: []
      excludedPaths: [
        { path: '/*' }
      ]
      compositeIndexes: []
    }
  }
  {
    id: 'drafts'
    partitionKey: {
      paths: ['/consultationId']
      kind: 'Hash'
      version: 2
    }
    indexingPolicy: {
      indexingMode: 'consistent'
      automatic: true
      includedPaths: []
      excludedPaths: [
        { path: '/*' }
      ]
      compositeIndexes: []
    }
  }
  {
    id: 'searches'
    partitionKey: {
      paths: ['/ownerKey']
      kind: 'Hash'
      version: 2
    }
    indexingPolicy: {
      indexingMode: 'consistent'
      automatic: true
      includedPaths: []
      excludedPaths: [
        { path: '/*' }
      ]
      compositeIndexes: []
    }
  }
  {
    id: 'keys'
    partitionKey: {
      paths: ['/pk']
      kind: 'Hash'
      version: 2
    }
    indexingPolicy: {
      indexingMode: 'consistent'
      automatic: true
      includedPaths: []
      excludedPaths: [
        { path: '/*' }
      ]
      compositeIndexes: []
    }
  }
  {
    id: 'audit'
    partitionKey: {
      paths: ['/month']
      kind: 'Hash'
      version: 2
    }
    indexingPolicy: {
      indexingMode: 'consistent'
      automatic: true
      includedPaths: [
        { path: '/month/?' }
        { path: '/type/?' }
        { path: '/atUtc/?' }
        { path: '/actorId/?' }
        { path: '/action/?' }
        { path: '/programmeId/?' }
      ]
      excludedPaths: [
        { path: '/*' }
      ]
      compositeIndexes: [
        [
          { path: '/atUtc', order: 'descending' }
          { path: '/id', order: 'descending' }
        ]
      ]
    }
  }
]

// Built-in data-plane role: Cosmos DB Built-in Data Contributor.
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: name
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    capabilities: serverless ? [{ name: 'EnableServerless' }] : []
    // Keys are never issued to anyone: every client signs in with Entra ID and data-plane RBAC.
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    options: serverless ? {} : { autoscaleSettings: { maxThroughput: autoscaleMaxThroughput } }
  }
}

resource container 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [
  for definition in containers: {
    parent: database
    name: definition.id
    properties: {
      resource: definition
    }
  }
]

resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = [
  for principalId in dataContributorPrincipalIds: {
    parent: account
    name: guid(account.id, principalId, dataContributorRoleId)
    properties: {
      roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
      principalId: principalId
      scope: account.id
    }
  }
]

output name string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
