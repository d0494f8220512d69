#!/usr/bin/env bash
# azd postprovision hook (macOS, Linux): with ENTRA_SETUP=true, connects the Entra ID app registration to what was just
# provisioned: redirect URIs, the federated credential that lets the managed identity stand in for a client secret,
# assignment required, and the Administrator role for the person deploying. Safe to run again; creates no secret.
set -euo pipefail

# The helpers are checked on their own (common.sh); shellcheck need not follow the file from here.
# shellcheck source=/dev/null
source "$(dirname "$0")/common.sh"

host="${SERVICE_WEB_HOST_NAME:?SERVICE_WEB_HOST_NAME is missing: provisioning did not finish}"
app_id="${ENTRA_CLIENT_ID:-}"
# The managed identity's tokens come from the subscription's tenant, which must also hold the app registration.
tenant="${AZURE_TENANT_ID:?AZURE_TENANT_ID is missing: provisioning did not finish}"
subject="${AZURE_IDENTITY_PRINCIPAL_ID:?AZURE_IDENTITY_PRINCIPAL_ID is missing: provisioning did not finish}"
credential_name="consultations-web-managed-identity"
administrator_role="875f514c-84fd-4af7-8880-74453472bd70"

if [ "${ENTRA_SETUP:-false}" != "true" ]; then
  if [ -n "$app_id" ]; then
    # Registered by hand: print exactly what the registration needs (docs/identity.md, steps 2 and 8).
    echo "Entra ID app registration ${app_id} needs, if it does not have them yet:"
    echo "  redirect URIs (Web): https://${host}/signin-oidc and https://${host}/signout-callback-oidc"
    echo "  federated credential: issuer <login endpoint>/${tenant}/v2.0, subject ${subject}, audience api://AzureADTokenExchange"
  fi
  exit 0
fi

[ -n "$app_id" ] || fail "ENTRA_SETUP=true but ENTRA_CLIENT_ID is empty: the preprovision hook should have set it. Run azd provision again."
command -v az >/dev/null 2>&1 || fail "ENTRA_SETUP=true needs the Azure CLI (az)."

login="$(az cloud show --query endpoints.activeDirectory -o tsv)"
graph="$(az cloud show --query endpoints.microsoftGraphResourceId -o tsv)"
login="${login%/}"
graph="${graph%/}"

# Redirect URIs: add this host's two, keep any others (e.g. https://localhost for a developer).
uris=("https://${host}/signin-oidc" "https://${host}/signout-callback-oidc")
while IFS= read -r uri; do
  [ -z "$uri" ] && continue
  case " ${uris[*]} " in
    *" ${uri} "*) ;;
    *) uris+=("$uri") ;;
  esac
done < <(az ad app show --id "$app_id" --query "web.redirectUris[]" -o tsv)
az ad app update --id "$app_id" --web-redirect-uris "${uris[@]}"

# The enterprise application (service principal): only people given a role may sign in.
sp_id="$(az ad sp list --filter "appId eq '${app_id}'" --query "[0].id" -o tsv)"
if [ -z "$sp_id" ]; then
  sp_id="$(az ad sp create --id "$app_id" --query id -o tsv)"
  # Owners of the enterprise application may assign people to its roles without a directory-wide admin role.
  if owner_id="$(az ad signed-in-user show --query id -o tsv 2>/dev/null)" && [ -n "$owner_id" ]; then
    az rest --method POST --uri "${graph}/v1.0/servicePrincipals/${sp_id}/owners/\$ref" \
      --headers "Content-Type=application/json" \
      --body "{\"@odata.id\":\"${graph}/v1.0/directoryObjects/${owner_id}\"}" >/dev/null
  fi
fi
az ad sp update --id "$sp_id" --set appRoleAssignmentRequired=true

# Federated credential: the app proves who it is with a token of its managed identity, so no client secret exists.
parameters="$(printf '{"name":"%s","issuer":"%s/%s/v2.0","subject":"%s","audiences":["api://AzureADTokenExchange"],"description":"App Service managed identity of the azd environment %s"}' \
  "$credential_name" "$login" "$tenant" "$subject" "${AZURE_ENV_NAME:-}")"
if az ad app federated-credential show --id "$app_id" --federated-credential-id "$credential_name" >/dev/null 2>&1; then
  az ad app federated-credential update --id "$app_id" --federated-credential-id "$credential_name" --parameters "$parameters" >/dev/null
else
  az ad app federated-credential create --id "$app_id" --parameters "$parameters" >/dev/null
fi

# The person deploying becomes the first Administrator (others are assigned in the Entra admin center).
if user_id="$(az ad signed-in-user show --query id -o tsv 2>/dev/null)" && [ -n "$user_id" ]; then
  assigned="$(az rest --method GET --uri "${graph}/v1.0/users/${user_id}/appRoleAssignments" \
    --query "length(value[?resourceId=='${sp_id}' && appRoleId=='${administrator_role}'])" -o tsv)"
  if [ "$assigned" = "0" ]; then
    az rest --method POST --uri "${graph}/v1.0/servicePrincipals/${sp_id}/appRoleAssignedTo" \
      --headers "Content-Type=application/json" \
      --body "{\"principalId\":\"${user_id}\",\"resourceId\":\"${sp_id}\",\"appRoleId\":\"${administrator_role}\"}" >/dev/null
    echo "Entra ID: you have the Administrator role in Consultations."
  fi
else
  echo "Entra ID: signed in as a service principal, so no person was given the Administrator role; assign one in the Entra admin center."
fi

echo "Entra ID: app registration ${app_id} is ready for https://${host}/ (no client secret; the managed identity signs in for the app)."
if [ "${SERVICE_WEB_ENTRA_CLIENT_ID:-}" != "$app_id" ]; then
  echo "The web app was provisioned without this client ID. Run 'azd provision' once more so that its settings carry it."
fi
