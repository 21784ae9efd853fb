@echo off
rem apache_start.bat for an XAMPP-style bundle (C:\xampp\apache_start.bat).
rem preflight checks the ports of apache\conf\httpd.conf first and says
rem who holds them (HTTP.sys / PID 4, another program, an excluded range)
rem and how to fix it; then Apache starts in this window as before.
cd /D %~dp0
echo Please do not close this window while Apache is running...
echo Use apache_stop.bat to stop Apache.
preflight\preflight.exe run --on-conflict warn -- apache\bin\httpd.exe
set PF_STATUS=%ERRORLEVEL%
if %PF_STATUS% EQU 0 goto finish
rem 255 is a normal end, as XAMPP's own launchers take it
rem (apache\scripts\ctl.bat: "if errorlevel 255 goto finish")
if %PF_STATUS% GEQ 255 goto finish
echo.
echo Apache could not be started (exit status %PF_STATUS%): see the messages above.
pause
:finish
exit /b %PF_STATUS%
