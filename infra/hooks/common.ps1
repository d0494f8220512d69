# Shared by the PowerShell hooks (dot-sourced after each sets $HookName): stopping with a message, and calling az.
#Requires -Version 7.0

function Stop-Hook([string] $Message) {
    Write-Error "${HookName}: $Message" -ErrorAction Continue
    exit 1
}

# Runs the Azure CLI and returns its trimmed output; a non-zero exit stops the hook with az's own message.
function Invoke-Az {
    $output = & az @args
    if ($LASTEXITCODE -ne 0) { Stop-Hook "az $($args -join ' ') failed (exit code $LASTEXITCODE)." }
    if ($null -eq $output) { return '' }
    return ($output -join "`n").Trim()
}
