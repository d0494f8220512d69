# azd preprovision hook (Windows; same steps as preprovision.sh): runs before every `azd provision` / `azd up`, safe to rerun.
#  1. The attribution guard's hash key: generated once per environment, never replaced (docs/deploy.md#the-guard-hash-key).
#  2. With ENTRA_SETUP=true: creates or updates the Entra ID app registration (roles, claims) and sets ENTRA_CLIENT_ID.
#Requires -Version 7.0
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$HookName = 'preprovision'
. (Join-Path $PSScriptRoot 'common.ps1')

# The azd environment's subscription, or az's default one before azd has recorded it.
$subscriptionArgs = if ($env:AZURE_SUBSCRIPTION_ID) { @('--subscription', $env:AZURE_SUBSCRIPTION_ID) } else { @() }

function Test-AzReady {
    if (-not (Get-Command az -ErrorAction SilentlyContinue)) { return $false }
    & az account show @subscriptionArgs *> $null
    return $LASTEXITCODE -eq 0
}

function Confirm-GuardHashKey {
    if ($env:GUARD_HASH_KEY) {
        $bytes = 0
        try { $bytes = [Convert]::FromBase64String($env:GUARD_HASH_KEY).Length } catch { $bytes = 0 }
        if ($bytes -lt 32) { Stop-Hook 'GUARD_HASH_KEY must be base64 of at least 32 random bytes.' }
        Write-Host 'Guard hash key: present in this azd environment.'
        return
    }

    # Provisioned before (azd copied the outputs here): an empty parameter leaves the stored secret untouched.
    if ($env:AZURE_KEY_VAULT_NAME) {
        Write-Host "Guard hash key: kept in Key Vault $($env:AZURE_KEY_VAULT_NAME) (not stored locally, not replaced)."
        return
    }

    # A fresh local environment for a deployment that already exists must not generate a second key.
    if (Test-AzReady) {
        $query = "[?tags.""azd-env-name""=='$($env:AZURE_ENV_NAME)'].name | [0]"
        $vault = & az keyvault list @subscriptionArgs --resource-group "rg-$($env:AZURE_ENV_NAME)" --query $query -o tsv 2>$null
        if ($LASTEXITCODE -eq 0 -and $vault) {
            Write-Host "Guard hash key: kept in the existing Key Vault $vault (not replaced)."
            return
        }
    }

    $key = [Convert]::ToBase64String([System.Security.Cryptography.RandomNumberGenerator]::GetBytes(32))
    & azd env set GUARD_HASH_KEY $key | Out-Null
    if ($LASTEXITCODE -ne 0) { Stop-Hook 'azd env set GUARD_HASH_KEY failed.' }
    Write-Host 'Guard hash key: generated for this environment; Bicep stores it in Key Vault. It must never change.'
}

function Register-EntraApp {
    if ($env:ENTRA_SETUP -ne 'true') {
        if (-not $env:ENTRA_CLIENT_ID) {
            Write-Host 'Entra ID: no app registration yet, so the app will not start until it has one. Either run'
            Write-Host '  azd env set ENTRA_SETUP true   (this hook creates it with the Azure CLI)'
            Write-Host 'or register it by hand (docs/identity.md) and run: azd env set ENTRA_CLIENT_ID <application (client) ID>'
        }
        return
    }

    if (-not (Get-Command az -ErrorAction SilentlyContinue)) { Stop-Hook 'ENTRA_SETUP=true needs the Azure CLI (az). Install it, then: az login' }
    if (-not (Test-AzReady)) { Stop-Hook "ENTRA_SETUP=true: sign the Azure CLI in first (az login), with access to subscription $($env:AZURE_SUBSCRIPTION_ID)." }

    $tenant = if ($env:ENTRA_TENANT_ID) { $env:ENTRA_TENANT_ID } else { Invoke-Az account show @subscriptionArgs --query tenantId -o tsv }
    $current = Invoke-Az account show --query tenantId -o tsv
    if ($tenant -ne $current) { Stop-Hook "The Azure CLI is signed in to tenant $current, but people sign in to $tenant. Run: az login --tenant $tenant" }

    $name = "Consultations ($($env:AZURE_ENV_NAME))"
    $appId = $env:ENTRA_CLIENT_ID
    if ($appId) {
        & az ad app show --id $appId --query appId -o tsv *> $null
        if ($LASTEXITCODE -ne 0) { Stop-Hook "ENTRA_CLIENT_ID $appId is not an app registration in tenant $tenant. Unset it (azd env set ENTRA_CLIENT_ID '') to create one." }
    }
    else {
        $appId = Invoke-Az ad app list --filter "displayName eq '$name'" --query '[0].appId' -o tsv
    }

    if (-not $appId) {
        $appId = Invoke-Az ad app create --display-name $name --sign-in-audience AzureADMyOrg --query appId -o tsv
        Write-Host "Entra ID: created app registration '$name' ($appId)."
    }
    else {
        Write-Host "Entra ID: updating app registration $appId."
    }

    # Same role IDs every time, so existing assignments survive; tokens come only through the code flow with PKCE.
    Invoke-Az ad app update --id $appId `
        --app-roles "@$(Join-Path $PSScriptRoot 'entra-app-roles.json')" `
        --optional-claims "@$(Join-Path $PSScriptRoot 'entra-optional-claims.json')" `
        --enable-id-token-issuance false `
        --enable-access-token-issuance false | Out-Null

    & azd env set ENTRA_CLIENT_ID $appId | Out-Null
    if ($LASTEXITCODE -ne 0) { Stop-Hook 'azd env set ENTRA_CLIENT_ID failed.' }
}

Confirm-GuardHashKey
Register-EntraApp
