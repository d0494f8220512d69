# azd postprovision hook (Windows; same steps as postprovision.sh): with ENTRA_SETUP=true, connects the Entra ID app
# registration to what was just provisioned: redirect URIs, the managed identity's federated credential (instead of a
# client secret), assignment required, and the Administrator role for the person deploying. Safe to run again.
#Requires -Version 7.0
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$HookName = 'postprovision'
. (Join-Path $PSScriptRoot 'common.ps1')

# JSON for az goes through a file: quoting JSON on a native command line differs between Windows shells.
function New-JsonFile([object] $Value) {
    $path = [System.IO.Path]::GetTempFileName()
    $Value | ConvertTo-Json -Depth 5 -Compress | Set-Content -Path $path -Encoding utf8NoBOM
    return $path
}

$hostName = $env:SERVICE_WEB_HOST_NAME
$subject = $env:AZURE_IDENTITY_PRINCIPAL_ID
# The managed identity's tokens come from the subscription's tenant, which must also hold the app registration.
$tenant = $env:AZURE_TENANT_ID
if (-not $hostName -or -not $subject -or -not $tenant) { Stop-Hook 'SERVICE_WEB_HOST_NAME, AZURE_IDENTITY_PRINCIPAL_ID or AZURE_TENANT_ID is missing: provisioning did not finish.' }
$appId = $env:ENTRA_CLIENT_ID
$credentialName = 'consultations-web-managed-identity'
$administratorRole = '875f514c-84fd-4af7-8880-74453472bd70'

if ($env:ENTRA_SETUP -ne 'true') {
    if ($appId) {
        # Registered by hand: print exactly what the registration needs (docs/identity.md, steps 2 and 8).
        Write-Host "Entra ID app registration $appId needs, if it does not have them yet:"
        Write-Host "  redirect URIs (Web): https://$hostName/signin-oidc and https://$hostName/signout-callback-oidc"
        Write-Host "  federated credential: issuer <login endpoint>/$tenant/v2.0, subject $subject, audience api://AzureADTokenExchange"
    }
    exit 0
}

if (-not $appId) { Stop-Hook 'ENTRA_SETUP=true but ENTRA_CLIENT_ID is empty: the preprovision hook should have set it. Run azd provision again.' }
if (-not (Get-Command az -ErrorAction SilentlyContinue)) { Stop-Hook 'ENTRA_SETUP=true needs the Azure CLI (az).' }

$login = (Invoke-Az cloud show --query endpoints.activeDirectory -o tsv).TrimEnd('/')
$graph = (Invoke-Az cloud show --query endpoints.microsoftGraphResourceId -o tsv).TrimEnd('/')

# Redirect URIs: add this host's two, keep any others (e.g. https://localhost for a developer).
$uris = [System.Collections.Generic.List[string]]::new()
$uris.Add("https://$hostName/signin-oidc")
$uris.Add("https://$hostName/signout-callback-oidc")
$existing = Invoke-Az ad app show --id $appId --query 'web.redirectUris[]' -o tsv
foreach ($uri in ($existing -split "`n")) {
    $uri = $uri.Trim()
    if ($uri -and -not $uris.Contains($uri)) { $uris.Add($uri) }
}
Invoke-Az ad app update --id $appId --web-redirect-uris @uris | Out-Null

# The enterprise application (service principal): only people given a role may sign in.
$spId = Invoke-Az ad sp list --filter "appId eq '$appId'" --query '[0].id' -o tsv
if (-not $spId) {
    $spId = Invoke-Az ad sp create --id $appId --query id -o tsv
    # Owners of the enterprise application may assign people to its roles without a directory-wide admin role.
    $ownerId = & az ad signed-in-user show --query id -o tsv 2>$null
    if ($LASTEXITCODE -eq 0 -and $ownerId) {
        $body = New-JsonFile @{ '@odata.id' = "$graph/v1.0/directoryObjects/$ownerId" }
        Invoke-Az rest --method POST --uri "$graph/v1.0/servicePrincipals/$spId/owners/`$ref" --headers 'Content-Type=application/json' --body "@$body" | Out-Null
        Remove-Item $body
    }
}
Invoke-Az ad sp update --id $spId --set appRoleAssignmentRequired=true | Out-Null

# Federated credential: the app proves who it is with a token of its managed identity, so no client secret exists.
$parameters = New-JsonFile @{
    name        = $credentialName
    issuer      = "$login/$tenant/v2.0"
    subject     = $subject
    audiences   = @('api://AzureADTokenExchange')
    description = "App Service managed identity of the azd environment $($env:AZURE_ENV_NAME)"
}
& az ad app federated-credential show --id $appId --federated-credential-id $credentialName *> $null
if ($LASTEXITCODE -eq 0) {
    Invoke-Az ad app federated-credential update --id $appId --federated-credential-id $credentialName --parameters "@$parameters" | Out-Null
}
else {
    Invoke-Az ad app federated-credential create --id $appId --parameters "@$parameters" | Out-Null
}
Remove-Item $parameters

# The person deploying becomes the first Administrator (others are assigned in the Entra admin center).
$userId = & az ad signed-in-user show --query id -o tsv 2>$null
if ($LASTEXITCODE -eq 0 -and $userId) {
    $query = "length(value[?resourceId=='$spId' && appRoleId=='$administratorRole'])"
    $assigned = Invoke-Az rest --method GET --uri "$graph/v1.0/users/$userId/appRoleAssignments" --query $query -o tsv
    if ($assigned -eq '0') {
        $body = New-JsonFile @{ principalId = $userId; resourceId = $spId; appRoleId = $administratorRole }
        Invoke-Az rest --method POST --uri "$graph/v1.0/servicePrincipals/$spId/appRoleAssignedTo" --headers 'Content-Type=application/json' --body "@$body" | Out-Null
        Remove-Item $body
        Write-Host 'Entra ID: you have the Administrator role in Consultations.'
    }
}
else {
    Write-Host 'Entra ID: signed in as a service principal, so no person was given the Administrator role; assign one in the Entra admin center.'
}

Write-Host "Entra ID: app registration $appId is ready for https://$hostName/ (no client secret; the managed identity signs in for the app)."
if ($env:SERVICE_WEB_ENTRA_CLIENT_ID -ne $appId) {
    Write-Host "The web app was provisioned without this client ID. Run 'azd provision' once more so that its settings carry it."
}
