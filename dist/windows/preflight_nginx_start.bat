@echo off
rem preflight_nginx_start.bat: starts nginx (the nginx folder beside this
rem file) with preflight in front.  nginx.exe uses the current directory as
rem its prefix, so cd there first; preflight reads conf\nginx.conf from the
rem same prefix.  Any trouble of preflight's own is one warning line and
rem nginx starts anyway.
cd /D %~dp0nginx
echo Please do not close this window while nginx is running...
..\preflight\preflight.exe run --on-conflict warn -- nginx.exe
set PF_STATUS=%ERRORLEVEL%
rem 255 and above is a normal end, as XAMPP's launchers take it
if errorlevel 255 goto finish
if errorlevel 1 goto error
goto finish
:error
echo.
echo nginx could not be started (exit status %PF_STATUS%): see the messages above.
pause
:finish
exit /b %PF_STATUS%
