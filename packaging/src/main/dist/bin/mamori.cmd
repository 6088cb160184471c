@echo off
rem Mamori launcher for Windows. Finds a Java 25 or newer runtime and runs dev.mamori.app.Main.
rem Java is looked for in: %MAMORI_JAVA% (java.exe or a JDK directory), %JAVA_HOME%, java on the PATH.
rem Extra JVM options: %MAMORI_OPTS%.
setlocal EnableDelayedExpansion

set "REQUIRED_JAVA=25"
set "MAMORI_HOME=%~dp0.."
for %%I in ("%MAMORI_HOME%") do set "MAMORI_HOME=%%~fI"

set "JAVA="
if defined MAMORI_JAVA (
    set "CANDIDATE=%MAMORI_JAVA%"
    if exist "!CANDIDATE!\bin\java.exe" set "CANDIDATE=!CANDIDATE!\bin\java.exe"
    call :check_java "!CANDIDATE!"
    if errorlevel 1 (
        echo mamori: MAMORI_JAVA=%MAMORI_JAVA% is not a Java %REQUIRED_JAVA% or newer runtime 1>&2
        exit /b 1
    )
    set "JAVA=!CANDIDATE!"
)
if not defined JAVA if defined JAVA_HOME (
    call :check_java "%JAVA_HOME%\bin\java.exe"
    if not errorlevel 1 set "JAVA=%JAVA_HOME%\bin\java.exe"
)
if not defined JAVA (
    for /f "delims=" %%J in ('where java 2^>nul') do (
        if not defined JAVA (
            call :check_java "%%J"
            if not errorlevel 1 set "JAVA=%%J"
        )
    )
)
if not defined JAVA (
    echo mamori: Java %REQUIRED_JAVA% or newer is required and none was found. 1>&2
    echo   Install a JDK %REQUIRED_JAVA% ^(e.g. Eclipse Temurin 25 from https://adoptium.net^) and set MAMORI_JAVA or JAVA_HOME to it. 1>&2
    exit /b 1
)

"%JAVA%" -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED ^
    "-Dmamori.home=%MAMORI_HOME%" ^
    "-Dlog4j2.configurationFile=%MAMORI_HOME%\conf\log4j2.xml" ^
    %MAMORI_OPTS% ^
    -cp "%MAMORI_HOME%\lib\*" ^
    dev.mamori.app.Main %*
exit /b %ERRORLEVEL%

rem Sets errorlevel 0 when %1 runs and reports a feature version of at least REQUIRED_JAVA.
:check_java
if not exist "%~1" exit /b 1
set "JAVA_VERSION="
for /f "tokens=3" %%V in ('"%~1" -version 2^>^&1 ^| findstr /i /c:"version"') do (
    if not defined JAVA_VERSION set "JAVA_VERSION=%%~V"
)
if not defined JAVA_VERSION exit /b 1
for /f "delims=.-+" %%M in ("%JAVA_VERSION%") do set "JAVA_MAJOR=%%M"
if %JAVA_MAJOR% GEQ %REQUIRED_JAVA% exit /b 0
exit /b 1
