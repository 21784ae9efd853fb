# Start Apache from a bundle through preflight, in PowerShell.
#   powershell -ExecutionPolicy Bypass -File preflight-start.ps1
# preflight's exit status: 0 free, 1 a port is held (findings printed),
# 2 usage or configuration error, 3 a remedy failed; under `run` it is the
# server's own exit status once the server has started.
$root = Split-Path -Parent $MyInvocation.MyCommand.Path
Set-Location $root

& "$root\preflight\preflight.exe" check --apache "$root\apache\conf\httpd.conf"
switch ($LASTEXITCODE) {
    0 { }
    1 { Write-Warning "A port Apache needs is held: see above for the fix." }
    # preflight's own trouble never keeps Apache from starting
    default { Write-Warning "preflight could not check the ports; starting Apache anyway." }
}

& "$root\preflight\preflight.exe" run -- "$root\apache\bin\httpd.exe"
exit $LASTEXITCODE
