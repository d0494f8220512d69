// App Service on Linux running the published app (azd zip-deploys it), with the settings the app binds and no secret values.
param planName string

param siteName string

param location string

param tags { *: string }

@description('App Service plan SKU: B1 for a trial, P0v3 or larger for production (zone redundancy, more memory).')
param planSku string = 'B1'

@description('Resource ID of the user-assigned identity the app runs as.')
param identityId string

@description('Client ID of that identity: DefaultAzureCredential and the Entra ID federated credential use it.')
param identityClientId string

param cosmosEndpoint string

param cosmosDatabaseName string

param languageEndpoint string

param applicationInsightsConnectionString string

@description('Key Vault URI of the guard hash key secret (version-less).')
param guardHashKeySecretUri string

@description('Directory (tenant) whose people sign in.')
param entraTenantId string

@description('Application (client) ID of the Entra app registration; empty until one exists (the app then refuses to start and says why).')
param entraClientId string

param workspaceId string

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: planSku
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: siteName
  location: location
  // azd finds the deployment target of service 'web' by this tag.
  tags: union(tags, { 'azd-service-name': 'web' })
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Sessions need no affinity: drafts are held in Cosmos DB and the Data Protection key ring is shared.
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      appCommandLine: 'dotnet Consultations.Web.dll'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
      remoteDebuggingEnabled: false
      healthCheckPath: '/health'
    }
  }
}

// Names are the app's configuration keys with '__' for ':' (AppSettingsTests checks each against the options the app binds).
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    Storage__Provider: 'Cosmos'
    Storage__Cosmos__AccountEndpoint: cosmosEndpoint
    Storage__Cosmos__DatabaseName: cosmosDatabaseName
    Storage__Cosmos__CreateIfMissing: 'false'
    Analysis__Azure__Endpoint: languageEndpoint
    AZURE_CLIENT_ID: identityClientId
    AzureAd__Instance: environment().authentication.loginEndpoint
    AzureAd__TenantId: entraTenantId
    AzureAd__ClientId: entraClientId
    AzureAd__ClientCredentials__0__SourceType: 'SignedAssertionFromManagedIdentity'
    AzureAd__ClientCredentials__0__ManagedIdentityClientId: identityClientId
    Guard__HashKey: '@Microsoft.KeyVault(SecretUri=${guardHashKeySecretUri})'
    Telemetry__AzureMonitor__ConnectionString: applicationInsightsConnectionString
    Telemetry__AzureMonitor__UseEntraId: 'true'
    Briefs__TemplatesPath: '/home/data/brief-templates'
    ASPNETCORE_FORWARDEDHEADERS_ENABLED: 'true'
    SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
  }
}

// azd deploys with an Entra ID token; publishing user names and passwords stay switched off.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

// Console output holds the app's start-up refusals ("configure AzureAd:…"), the first thing to read when it does not start.
resource siteLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
  }
}

output name string = site.name
output uri string = 'https://${site.properties.defaultHostName}'
output hostName string = site.properties.defaultHostName
