<#
.SYNOPSIS
  Builds Mamori's Windows installers (.msi and .exe) with jpackage: a jlinked runtime, an application image with two
  launchers (mamori.exe, console: server and CLI; "Mamori Dashboard.exe", GUI) and the Windows service (WinSW).

.DESCRIPTION
  Run on Windows after `mvn -B package` (or through `mvn -P installer -pl packaging -am package`, which calls this
  script on Windows). Needs:
    - JAVA_HOME = a JDK 25 (jdeps, jlink, jpackage)
    - the WiX Toolset 3.14 on the PATH (candle.exe, light.exe), or WiX 4/5 (wix.exe), which jpackage 25 also uses
    - WinSW 2.12.0 (WinSW-x64.exe): downloaded from its GitHub release unless -WinSW names a local copy; checked
      against -WinSWSha256 when given (the release workflow passes the recorded hash)
  Output: Out\mamori-<version>.msi and Out\mamori-<version>.exe. See docs/operations/windows.md.

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File jpackage\windows\build-installers.ps1 -Version 0.1.0-SNAPSHOT `
      -Dist packaging\target\mamori -Out packaging\target\installer
#>
param(
    [Parameter(Mandatory = $true)] [string] $Version,
    [Parameter(Mandatory = $true)] [string] $Dist,
    [Parameter(Mandatory = $true)] [string] $Out,
    [string] $Work = "",
    [string[]] $Types = @("msi", "exe"),
    [string] $WinSW = "",
    [string] $WinSWSha256 = ""
)
$ErrorActionPreference = "Stop"
$started = Get-Date

$jp = Split-Path -Parent $PSScriptRoot          # jpackage\
$repo = Split-Path -Parent $jp
if (-not $Work) { $Work = Join-Path (Split-Path -Parent $Out) "jpackage-work" }
if (-not $env:JAVA_HOME) { throw "JAVA_HOME must point to a JDK 25" }
$bin = Join-Path $env:JAVA_HOME "bin"
foreach ($tool in "jdeps", "jlink", "jpackage") {
    if (-not (Test-Path (Join-Path $bin "$tool.exe"))) { throw "$tool.exe not found in $bin (JAVA_HOME must be a full JDK 25)" }
}
if (-not (Test-Path (Join-Path $Dist "lib"))) { throw "no distribution at $Dist (run mvn package first)" }

# Windows Installer versions are numbers only: 0.1.0-SNAPSHOT becomes 0.1.0.
$appVersion = $Version -replace "-SNAPSHOT$", ""
if ($appVersion -notmatch '^\d+(\.\d+){0,2}$') { throw "version $Version does not give an installer version (got $appVersion)" }

# The upgrade code ties every Mamori release together: an installer with a higher version replaces the installed
# one instead of installing beside it. Never change it.
$upgradeUuid = "5b0c6d5e-2f8e-4c57-9a3b-6f1d2a7e4c11"

if (Test-Path $Work) { Remove-Item -Recurse -Force $Work }
New-Item -ItemType Directory -Force -Path $Work, $Out | Out-Null

# 1. Input: the distribution's jars and the logging configuration.
$inputDir = Join-Path $Work "input"
New-Item -ItemType Directory -Force -Path $inputDir | Out-Null
Copy-Item (Join-Path $Dist "lib\*.jar") $inputDir
Copy-Item (Join-Path $Dist "conf\log4j2.xml") $inputDir
$mainJar = (Get-ChildItem $inputDir -Filter "mamori-packaging-*.jar" | Select-Object -First 1).Name
if (-not $mainJar) { throw "mamori-packaging jar missing from $Dist\lib" }

# 2. Modules: jdeps over every jar, plus jpackage\extra-modules.txt.
$jars = (Get-ChildItem $inputDir -Filter "*.jar").FullName
$found = (& (Join-Path $bin "jdeps.exe") -q --ignore-missing-deps --print-module-deps --multi-release 25 @jars | Select-Object -Last 1)
if ($LASTEXITCODE -ne 0 -or $found -notmatch '^[a-z0-9.,]+$') { throw "jdeps failed: $found" }
$extra = Get-Content (Join-Path $jp "extra-modules.txt") | Where-Object { $_ -notmatch '^\s*(#|$)' } | ForEach-Object { $_.Trim() }
$modules = (($found -split ",") + $extra | Sort-Object -Unique) -join ","
Write-Host "build-installers: runtime modules: $modules"

# 3. Runtime image.
$runtime = Join-Path $Work "runtime"
& (Join-Path $bin "jlink.exe") --add-modules $modules --output $runtime --strip-debug --no-man-pages --no-header-files `
    --strip-native-commands --compress=zip-6
if ($LASTEXITCODE -ne 0) { throw "jlink failed" }

# 4. Content beside the launchers: the default configuration, samples, docs, and WinSW's configuration.
$content = Join-Path $Work "content\share"
New-Item -ItemType Directory -Force -Path (Join-Path $content "system"), (Join-Path $content "samples"), (Join-Path $content "doc") | Out-Null
$header = @(
    "# Mamori configuration, copied from the installer's default (sample-configs/quickstart.yaml) at the first start.",
    "# Edit it freely: upgrades keep it. Check a change with: mamori config check `"%ProgramData%\Mamori\mamori.yaml`"",
    "# and apply it with: Restart-Service mamori",
    "#")
($header + (Get-Content (Join-Path $repo "sample-configs\quickstart.yaml"))) | Set-Content -Encoding UTF8 (Join-Path $content "system\mamori.yaml")
Copy-Item (Join-Path $repo "sample-configs\*.yaml") (Join-Path $content "samples")
if (Test-Path (Join-Path $repo "docs\operations")) { Copy-Item -Recurse (Join-Path $repo "docs\operations") (Join-Path $content "doc") }

# 5. WinSW, the service wrapper: jpackage takes it from the resource directory as service-installer.exe.
$resources = Join-Path $Work "resources"
Copy-Item -Recurse (Join-Path $PSScriptRoot "resources") $resources
$winswExe = Join-Path $resources "service-installer.exe"
if ($WinSW) {
    Copy-Item $WinSW $winswExe
} else {
    $url = "https://github.com/winsw/winsw/releases/download/v2.12.0/WinSW-x64.exe"
    Write-Host "build-installers: downloading $url"
    Invoke-WebRequest -UseBasicParsing -Uri $url -OutFile $winswExe
}
$hash = (Get-FileHash -Algorithm SHA256 $winswExe).Hash.ToLowerInvariant()
Write-Host "build-installers: WinSW SHA-256 $hash"
if ($WinSWSha256 -eq "unchecked") { $WinSWSha256 = "" }
if (-not $WinSWSha256) { Write-Warning "WinSW is not checked against a recorded SHA-256 (pass -WinSWSha256)" }
if ($WinSWSha256 -and $hash -ne $WinSWSha256.ToLowerInvariant()) { throw "WinSW SHA-256 is $hash, expected $WinSWSha256" }
Copy-Item (Join-Path $resources "service-installer.xml") (Join-Path $Work "content\service-installer.xml")

# 6. Application image.
$image = Join-Path $Work "image"
& (Join-Path $bin "jpackage.exe") --type app-image "@$jp\common.args" "@$jp\app-image.args" `
    --app-version $appVersion --input $inputDir --main-jar $mainJar --runtime-image $runtime `
    --icon (Join-Path $jp "icons\mamori.ico") --win-console `
    --add-launcher "Mamori Dashboard=$jp\dashboard.properties" `
    --app-content $content --app-content (Join-Path $Work "content\service-installer.xml") `
    --dest $image
if ($LASTEXITCODE -ne 0) { throw "jpackage app-image failed" }

# 7. Installers. --launcher-as-service: the MSI registers the main launcher's service through service-installer.exe
#    (WinSW) with resources\mamori-service-install.wxi. Per-machine, Start-menu group "Mamori", upgrade code fixed.
# The project's licence file, once there is one, is shown by the installer and installed with it.
$licenseArgs = @()
foreach ($f in "LICENSE", "LICENSE.txt", "LICENSE.md") {
    if (Test-Path (Join-Path $repo $f)) { $licenseArgs = @("--license-file", (Join-Path $repo $f)); break }
}
if (-not $licenseArgs) { Write-Warning "no LICENSE file in ${repo}: the installers show no licence" }
foreach ($type in $Types) {
    & (Join-Path $bin "jpackage.exe") --type $type --app-image (Join-Path $image "mamori") "@$jp\common.args" "@$jp\package.args" `
        --app-version $appVersion --win-upgrade-uuid $upgradeUuid --win-menu --win-menu-group "Mamori" `
        --win-dir-chooser --install-dir "Mamori" --launcher-as-service --resource-dir $resources @licenseArgs `
        --dest $Out
    if ($LASTEXITCODE -ne 0) { throw "jpackage $type failed" }
}

$runtimeMb = [math]::Round(((Get-ChildItem -Recurse $runtime | Measure-Object -Sum Length).Sum) / 1MB, 1)
Write-Host "build-installers: runtime image $runtimeMb MiB"
Get-ChildItem $Out -Include *.msi, *.exe -Recurse | ForEach-Object { Write-Host ("build-installers: {0} {1} MiB" -f $_.FullName, [math]::Round($_.Length / 1MB, 1)) }
Write-Host ("build-installers: done in {0:n0}s" -f ((Get-Date) - $started).TotalSeconds)
