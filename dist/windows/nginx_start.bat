@echo off
rem nginx_start.bat for an XAMPP-style bundle (C:\xampp\nginx_start.bat).
rem nginx.exe uses the current directory as its prefix, so cd there first;
rem preflight reads conf\nginx.conf from the same prefix.
cd /D %~dp0nginx
echo Please do not close this window while nginx is running...
..\preflight\preflight.exe run --on-conflict warn -- nginx.exe
set PF_STATUS=%ERRORLEVEL%
if %PF_STATUS% EQU 0 goto finish
rem 255 is a normal end, as XAMPP's own launchers take it
rem (apache\scripts\ctl.bat: "if errorlevel 255 goto finish")
if %PF_STATUS% GEQ 255 goto finish
echo.
echo nginx could not be started (exit status %PF_STATUS%): see the messages above.
pause
:finish
exit /b %PF_STATUS%
