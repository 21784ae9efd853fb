@echo off
rem preflight_apache_start.bat: XAMPP's apache_start.bat with preflight in
rem front.  It lives beside apache_start.bat (C:\xampp\) under its own name,
rem so unzipping never replaces XAMPP's file.  preflight checks the ports of
rem apache\conf\httpd.conf and says who holds them (HTTP.sys / PID 4,
rem another program, an excluded range) and how to fix it; then Apache
rem starts in this window as before.  Any trouble of preflight's own is one
rem warning line and Apache starts anyway.
cd /D %~dp0
echo Please do not close this window while Apache is running...
echo Use apache_stop.bat to stop Apache.
preflight\preflight.exe run --on-conflict warn -- apache\bin\httpd.exe
set PF_STATUS=%ERRORLEVEL%
rem as XAMPP's apache_start.bat: 255 and above is a normal end
rem ("if errorlevel 255 goto finish"), 1 to 254 a failure
if errorlevel 255 goto finish
if errorlevel 1 goto error
goto finish
:error
echo.
echo Apache could not be started (exit status %PF_STATUS%): see the messages above.
pause
:finish
exit /b %PF_STATUS%
