// The app's one identity: Cosmos DB, AI Language, Key Vault, Azure Monitor and the Entra ID sign-in all trust it.
@description('Name of the user-assigned managed identity.')
param name string

param location string

param tags { *: string }

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
