// Log Analytics and a workspace-based Application Insights that accepts only Entra ID-authenticated telemetry.
param logAnalyticsName string

param applicationInsightsName string

param location string

param tags { *: string }

@description('Principal ID of the app identity, granted Monitoring Metrics Publisher so its OpenTelemetry exporter can send.')
param identityPrincipalId string

@description('Days Log Analytics keeps data; 30 is included in the ingestion price.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

// Built-in role: Monitoring Metrics Publisher (send telemetry with an Entra ID token).
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Instrumentation keys alone cannot send: the exporter must present the managed identity's token.
    DisableLocalAuth: true
    IngestionMode: 'LogAnalytics'
  }
}

resource publisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identityPrincipalId, monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output workspaceId string = workspace.id
output applicationInsightsName string = appInsights.name
output connectionString string = appInsights.properties.ConnectionString
