// Key Vault for the one real secret, the attribution guard's hash key, read by App Service through a Key Vault reference.
param name string

param location string

param tags { *: string }

@description('Principal ID of the app identity, granted Key Vault Secrets User (read secret values, nothing else).')
param identityPrincipalId string

@secure()
@description('Base64 of 32 random bytes. Empty: leave the stored secret as it is (the key must never change once used).')
param guardHashKey string = ''

@description('Log Analytics workspace that receives the vault\'s audit log (every read of the secret).')
param workspaceId string

@description('Days a deleted vault or secret can be recovered; with purge protection nobody can shorten them.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int = 7

var guardHashKeySecretName = 'guard-hash-key'

// Built-in role: Key Vault Secrets User.
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    // Access by Azure RBAC only: no access policies to drift.
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // Losing the guard key would silently unprotect purged registers, so deletion is always recoverable.
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

// Written only when a value is given: Bicep cannot read an existing secret, so an empty parameter must not replace it.
resource guardHashKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(guardHashKey)) {
  parent: vault
  name: guardHashKeySecretName
  properties: {
    value: guardHashKey
    contentType: 'base64; 32 random bytes; never change after first use'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityPrincipalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource audit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-log-analytics'
  scope: vault
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
// Version-less, so App Service always resolves the current version of the secret.
output guardHashKeySecretUri string = '${vault.properties.vaultUri}secrets/${guardHashKeySecretName}'
// The reference must not be resolved before the identity may read the secret.
output secretsUserAssignmentId string = secretsUser.id
