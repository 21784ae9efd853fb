# Starts Apache from an XAMPP-style bundle with preflight in front, in
# PowerShell (from the bundle's folder):
#   powershell -ExecutionPolicy Bypass -File preflight_apache_start.ps1
# preflight checks the ports of apache\conf\httpd.conf, says who holds them
# and how to fix it, then starts Apache; any trouble of preflight's own is
# one warning line and Apache starts anyway.  The exit status is Apache's;
# 255, which XAMPP's launchers take as a normal end, is not a failure.
$root = Split-Path -Parent $MyInvocation.MyCommand.Path
Set-Location $root

& "$root\preflight\preflight.exe" run --on-conflict warn -- "$root\apache\bin\httpd.exe"
$status = $LASTEXITCODE
if ($status -ne 0 -and $status -lt 255) {
    Write-Warning "Apache could not be started (exit status $status): see the messages above."
}
exit $status
