// Consultations on Azure: `azd up` provisions this, then zip-deploys src/Consultations.Web to the App Service it creates.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('Azure region for every resource.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object ID of the person (or pipeline) running azd, granted data access for `consultations migrate` and local runs. Empty: none.')
param principalId string = ''

@description('What principalId is.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param principalType string = 'User'

@secure()
@description('Attribution guard hash key (base64, 32 random bytes), generated once by the preprovision hook. Empty: keep the stored one.')
param guardHashKey string = ''

@description('Application (client) ID of the Entra ID app registration (ENTRA_CLIENT_ID; the Entra hook or docs/identity.md makes it).')
param entraClientId string = ''

@description('Directory (tenant) whose people sign in (ENTRA_TENANT_ID). Empty: the one that holds the subscription.')
param entraTenantId string = ''

@description('App Service plan SKU (B1 for a trial; P0v3 or larger for production).')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'P0v3'
  'P1v3'
  'P2v3'
])
param appServicePlanSku string = 'B1'

@description('Cosmos DB serverless (pay per request) or provisioned autoscale (1,000 RU/s at most, 100 at least).')
param cosmosServerless bool = true

@description('Azure AI Language pricing tier: S, or F0 (free, one per subscription).')
@allowed([
  'F0'
  'S'
])
param languageSku string = 'S'

// Same inputs, same names: re-provisioning updates the resources instead of duplicating them.
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var databaseName = 'consultations'
var signInTenantId = empty(entraTenantId) ? tenant().tenantId : entraTenantId
var deployer = empty(principalId) ? [] : [{ principalId: principalId, principalType: principalType }]

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
    // Role-assignment names are seeded with the identity's principal ID (known only at deployment), so What-If cannot predict them.
    #disable-next-line what-if-short-circuiting
    identityPrincipalId: identity.outputs.principalId
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  scope: rg
  params: {
    name: 'cosmos-${resourceToken}'
    location: location
    tags: tags
    serverless: cosmosServerless
    databaseName: databaseName
    dataContributorPrincipalIds: concat([identity.outputs.principalId], empty(principalId) ? [] : [principalId])
  }
}

module language 'modules/language.bicep' = {
  name: 'language'
  scope: rg
  params: {
    name: 'lang-${resourceToken}'
    location: location
    tags: tags
    sku: languageSku
    userPrincipals: concat([{ principalId: identity.outputs.principalId, principalType: 'ServicePrincipal' }], deployer)
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    // Role-assignment names are seeded with the identity's principal ID (known only at deployment), so What-If cannot predict them.
    #disable-next-line what-if-short-circuiting
    identityPrincipalId: identity.outputs.principalId
    guardHashKey: guardHashKey
    workspaceId: monitoring.outputs.workspaceId
  }
}

module web 'modules/web.bicep' = {
  name: 'web'
  scope: rg
  params: {
    planName: 'plan-${resourceToken}'
    siteName: 'app-${resourceToken}'
    location: location
    tags: tags
    planSku: appServicePlanSku
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabaseName: cosmos.outputs.databaseName
    languageEndpoint: language.outputs.endpoint
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    guardHashKeySecretUri: keyVault.outputs.guardHashKeySecretUri
    entraTenantId: signInTenantId
    entraClientId: entraClientId
    workspaceId: monitoring.outputs.workspaceId
  }
}

// azd copies these into the environment (.azure/<env>/.env): the hooks, docs/deploy.md and local runs read them.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
// Not AZURE_CLIENT_ID: that name would make DefaultAzureCredential on a developer's machine look for this identity.
output AZURE_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output AZURE_COSMOS_ENDPOINT string = cosmos.outputs.endpoint
output AZURE_COSMOS_ACCOUNT_NAME string = cosmos.outputs.name
output AZURE_COSMOS_DATABASE_NAME string = cosmos.outputs.databaseName
output AZURE_LANGUAGE_ENDPOINT string = language.outputs.endpoint
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
output SERVICE_WEB_NAME string = web.outputs.name
output SERVICE_WEB_URI string = web.outputs.uri
output SERVICE_WEB_HOST_NAME string = web.outputs.hostName
output SERVICE_WEB_ENTRA_TENANT_ID string = signInTenantId
// The client ID the app was given, so the Entra hook can tell when a new one still has to be provisioned.
output SERVICE_WEB_ENTRA_CLIENT_ID string = entraClientId
