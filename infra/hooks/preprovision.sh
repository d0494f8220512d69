#!/usr/bin/env bash
# azd preprovision hook (macOS, Linux): runs before every `azd provision` / `azd up`, and is safe to run again.
#  1. The attribution guard's hash key: generated once per environment, never replaced (docs/deploy.md#the-guard-hash-key).
#  2. With ENTRA_SETUP=true: creates or updates the Entra ID app registration (roles, claims) and sets ENTRA_CLIENT_ID,
#     so this very provisioning already gives the app its client ID. postprovision.sh finishes it.
# azd passes the environment's values (.azure/<env>/.env) as environment variables.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"

# The helpers are checked on their own (common.sh); shellcheck need not follow the file from here.
# shellcheck source=/dev/null
source "$(dirname "$0")/common.sh"

# The azd environment's subscription, or az's default one before azd has recorded it.
subscription_args=()
[ -n "${AZURE_SUBSCRIPTION_ID:-}" ] && subscription_args=(--subscription "$AZURE_SUBSCRIPTION_ID")

# Usable az: installed and signed in with access to that subscription (the odd expansion keeps bash 3.2 on macOS happy under set -u).
az_ready() {
  command -v az >/dev/null 2>&1 && az account show ${subscription_args[@]+"${subscription_args[@]}"} >/dev/null 2>&1
}

ensure_guard_hash_key() {
  if [ -n "${GUARD_HASH_KEY:-}" ]; then
    local bytes
    bytes="$(printf '%s' "$GUARD_HASH_KEY" | openssl base64 -d -A 2>/dev/null | wc -c | tr -d ' ')"
    [ "${bytes:-0}" -ge 32 ] || fail "GUARD_HASH_KEY must be base64 of at least 32 random bytes (openssl rand -base64 32)."
    echo "Guard hash key: present in this azd environment."
    return
  fi

  # Provisioned before (azd copied the outputs here): an empty parameter leaves the stored secret untouched.
  if [ -n "${AZURE_KEY_VAULT_NAME:-}" ]; then
    echo "Guard hash key: kept in Key Vault ${AZURE_KEY_VAULT_NAME} (not stored locally, not replaced)."
    return
  fi

  # A fresh local environment for a deployment that already exists must not generate a second key.
  if az_ready; then
    local vault
    vault="$(az keyvault list ${subscription_args[@]+"${subscription_args[@]}"} --resource-group "rg-${AZURE_ENV_NAME}" \
      --query "[?tags.\"azd-env-name\"=='${AZURE_ENV_NAME}'].name | [0]" -o tsv 2>/dev/null || true)"
    if [ -n "$vault" ]; then
      echo "Guard hash key: kept in the existing Key Vault ${vault} (not replaced)."
      return
    fi
  fi

  local key
  key="$(openssl rand -base64 32)" || fail "openssl is needed to generate the guard hash key."
  azd env set GUARD_HASH_KEY "$key" >/dev/null
  echo "Guard hash key: generated for this environment; Bicep stores it in Key Vault. It must never change."
}

register_entra_app() {
  if [ "${ENTRA_SETUP:-false}" != "true" ]; then
    if [ -z "${ENTRA_CLIENT_ID:-}" ]; then
      echo "Entra ID: no app registration yet, so the app will not start until it has one. Either run"
      echo "  azd env set ENTRA_SETUP true   (this hook creates it with the Azure CLI)"
      echo "or register it by hand (docs/identity.md) and run: azd env set ENTRA_CLIENT_ID <application (client) ID>"
    fi
    return
  fi

  command -v az >/dev/null 2>&1 || fail "ENTRA_SETUP=true needs the Azure CLI (az). Install it, then: az login"
  az_ready || fail "ENTRA_SETUP=true: sign the Azure CLI in first (az login), with access to subscription ${AZURE_SUBSCRIPTION_ID:-(az default)}."

  local tenant current
  tenant="${ENTRA_TENANT_ID:-$(az account show ${subscription_args[@]+"${subscription_args[@]}"} --query tenantId -o tsv)}"
  current="$(az account show --query tenantId -o tsv)"
  [ "$tenant" = "$current" ] || fail "The Azure CLI is signed in to tenant ${current}, but people sign in to ${tenant}. Run: az login --tenant ${tenant}"

  local name="Consultations (${AZURE_ENV_NAME})"
  local app_id="${ENTRA_CLIENT_ID:-}"
  if [ -n "$app_id" ]; then
    az ad app show --id "$app_id" --query appId -o tsv >/dev/null 2>&1 ||
      fail "ENTRA_CLIENT_ID ${app_id} is not an app registration in tenant ${tenant}. Unset it (azd env set ENTRA_CLIENT_ID '') to create one."
  else
    app_id="$(az ad app list --filter "displayName eq '${name}'" --query "[0].appId" -o tsv)"
  fi

  if [ -z "$app_id" ]; then
    app_id="$(az ad app create --display-name "$name" --sign-in-audience AzureADMyOrg --query appId -o tsv)"
    echo "Entra ID: created app registration '${name}' (${app_id})."
  else
    echo "Entra ID: updating app registration ${app_id}."
  fi

  # Same role IDs every time, so existing assignments survive; tokens come only through the code flow with PKCE.
  az ad app update --id "$app_id" \
    --app-roles "@${here}/entra-app-roles.json" \
    --optional-claims "@${here}/entra-optional-claims.json" \
    --enable-id-token-issuance false \
    --enable-access-token-issuance false

  azd env set ENTRA_CLIENT_ID "$app_id" >/dev/null
}

ensure_guard_hash_key
register_entra_app
