# Build the Windows bundle and its installer; run from any folder:
#
#   powershell -ExecutionPolicy Bypass -File installer\windows\build.ps1 [-NoInstaller]
#
# Needs: 64-bit Python 3.11 from python.org (the `py` launcher, or PYTHON=C:\path\python.exe) and, for
# the installer, Inno Setup 6 (ISCC.exe on PATH or in its default folder). Leaves dist\habeas\ (the
# programs habeas.exe, a console command, and habeas-gui.exe, the window without a console),
# dist\habeas-<version>-windows-x64.zip and dist\habeas-<version>-windows-x64-setup.exe.
# The same spec as on Linux (installer\habeas.spec); the version comes from app\__init__.py.
# NOT RUN YET: written and reviewed on Linux, where neither PowerShell's Windows cmdlets nor
# Inno Setup can run (README, "Installers").
param([switch]$NoInstaller)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$Root = (Resolve-Path (Join-Path $PSScriptRoot '..\..')).Path
Set-Location $Root

function Invoke-Checked([string]$Exe, [string[]]$Arguments) {
  & $Exe @Arguments
  if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

$Version = (Select-String -Path 'app\__init__.py' -Pattern '^__version__ = "([^"]+)"').Matches[0].Groups[1].Value
if (-not $Version) { throw 'no __version__ in app\__init__.py' }
$Venv = if ($env:HABEAS_BUILD_VENV) { $env:HABEAS_BUILD_VENV } else { Join-Path $Root 'build\venv-windows' }
$Py = Join-Path $Venv 'Scripts\python.exe'

# 1. The build environment (delete build\venv-windows to rebuild it after a lock change).
if (-not (Test-Path $Py)) {
  if ($env:PYTHON) { Invoke-Checked $env:PYTHON @('-m', 'venv', $Venv) }
  else { Invoke-Checked 'py' @('-3.11-64', '-m', 'venv', $Venv) }
  Invoke-Checked $Py @('-m', 'pip', 'install', '-q', '--upgrade', 'pip')
  # The lock was compiled on Linux: hash-checked, without resolving, then what Windows adds.
  Invoke-Checked $Py @('-m', 'pip', 'install', '-q', '--require-hashes', '--no-deps', '-r', 'requirements\lock.txt')
  Invoke-Checked $Py @('-m', 'pip', 'install', '-q', '-r', 'installer\windows\requirements-windows.txt',
    '-r', 'installer\requirements-build.txt')
  Invoke-Checked $Py @('-m', 'pip', 'check')
}

# 2. Catalogs compiled into build\locales, the notices, the icon for the installer.
Remove-Item -Recurse -Force 'build\locales' -ErrorAction SilentlyContinue
Get-ChildItem 'locales' -Directory | ForEach-Object {
  $po = Join-Path $_.FullName 'LC_MESSAGES\habeas.po'
  if (Test-Path $po) {
    $target = Join-Path $Root "build\locales\$($_.Name)\LC_MESSAGES"
    New-Item -ItemType Directory -Force $target | Out-Null
    Copy-Item $po $target
  }
}
Invoke-Checked (Join-Path $Venv 'Scripts\pybabel.exe') @('compile', '-d', 'build\locales', '-D', 'habeas')
Invoke-Checked $Py @('installer\third_party.py', '--lock', 'requirements\lock.txt',
  '--lock', 'installer\windows\requirements-windows.txt', '--out', 'build\THIRD-PARTY-NOTICES.txt')
$Icon = Join-Path $Root 'build\habeas.ico'
Invoke-Checked $Py @('-c', "from PIL import Image; Image.open(r'resources\icons\hicolor\256x256\apps\org.habeas.Habeas.png').save(r'$Icon', sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])")

# 3. The bundle, and a first check that it starts.
Remove-Item -Recurse -Force 'dist\habeas' -ErrorAction SilentlyContinue
Invoke-Checked $Py @('-m', 'PyInstaller', '--noconfirm', '--clean', '--log-level', 'WARN',
  '--distpath', 'dist', '--workpath', 'build\pyinstaller', 'installer\habeas.spec')
$printed = & 'dist\habeas\habeas.exe' --version
if ($printed -ne "Habeas $Version") { throw "dist\habeas\habeas.exe --version printed: $printed" }
foreach ($program in 'habeas.exe', 'habeas-gui.exe', '_internal\THIRD-PARTY-NOTICES.txt') {
  if (-not (Test-Path "dist\habeas\$program")) { throw "dist\habeas\$program is missing" }
}
Compress-Archive -Path 'dist\habeas' -DestinationPath "dist\habeas-$Version-windows-x64.zip" -Force

# 4. The installer.
if (-not $NoInstaller) {
  $Iscc = (Get-Command 'ISCC.exe' -ErrorAction SilentlyContinue).Source
  if (-not $Iscc) { $Iscc = Join-Path ${env:ProgramFiles(x86)} 'Inno Setup 6\ISCC.exe' }
  if (-not (Test-Path $Iscc)) { throw 'Inno Setup 6 is not installed (or run with -NoInstaller)' }
  Invoke-Checked $Iscc @("/DAppVersion=$Version", "/DSourceDir=$Root\dist\habeas", "/DIconFile=$Icon",
    "/O$Root\dist", 'installer\windows\habeas.iss')
}
Write-Host "dist\habeas: Habeas $Version for Windows x64"
