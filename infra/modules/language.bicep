// Azure AI Language (key phrases, summaries, entity hints), reached only with Entra ID tokens on its custom subdomain.
param name string

param location string

param tags { *: string }

@description('S (pay per text record) or F0 (free: 5,000 text records a month, one per subscription).')
@allowed([
  'F0'
  'S'
])
param sku string = 'S'

@description('Principal IDs granted Cognitive Services User (call the APIs, no keys, no management).')
param userPrincipals { principalId: string, principalType: 'User' | 'Group' | 'ServicePrincipal' }[]

// Built-in role: Cognitive Services User.
var cognitiveServicesUser = 'a97b65f3-24c7-4388-baec-2e87135dc908'

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'TextAnalytics'
  sku: {
    name: sku
  }
  properties: {
    // Entra ID tokens are accepted only on a custom subdomain, never on the shared regional endpoint.
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource user 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for principal in userPrincipals: {
    name: guid(account.id, principal.principalId, cognitiveServicesUser)
    scope: account
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', cognitiveServicesUser)
      principalId: principal.principalId
      principalType: principal.principalType
    }
  }
]

output name string = account.name
output endpoint string = account.properties.endpoint
