; Inno Setup 6 script: the Habeas bundle (dist\habeas from installer\habeas.spec) as a per-user
; installer with a Start-menu entry and an uninstaller. Compiled by build.ps1:
;   ISCC.exe /DAppVersion=0.1.0 /DSourceDir=...\dist\habeas /DIconFile=...\build\habeas.ico /O...\dist habeas.iss
; NOT COMPILED YET: Inno Setup runs on Windows only (README, "Installers").
;
; Upgrades: the same AppId, so a newer setup replaces the program in place (the old _internal folder
; is removed first, so no stale library lingers). The user's cases are not in the program folder but
; in %LOCALAPPDATA%\Habeas; neither an upgrade nor the uninstaller touches them. The new version
; migrates the store on its first start, after a backup copy beside it.

#ifndef AppVersion
  #error Pass /DAppVersion=X.Y.Z (build.ps1 reads it from app\__init__.py)
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\habeas"
#endif

[Setup]
AppId={{5E0B8C6A-3F57-4C2B-9C1E-7A0D2B6F4E19}
AppName=Habeas
AppVersion={#AppVersion}
AppVerName=Habeas {#AppVersion}
AppPublisher=The Habeas developers
AppCopyright=GPL-3.0-or-later
VersionInfoVersion={#AppVersion}
; Per user, no administrator needed: {autopf} is %LOCALAPPDATA%\Programs then.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\Habeas
DefaultGroupName=Habeas
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
LicenseFile=..\..\LICENSE
OutputBaseFilename=habeas-{#AppVersion}-windows-x64-setup
#ifdef IconFile
SetupIconFile={#IconFile}
#endif
UninstallDisplayIcon={app}\habeas-gui.exe
UninstallDisplayName=Habeas {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; A running Habeas is asked to close before its files are replaced.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "de"; MessagesFile: "compiler:Languages\German.isl"
; Simplified Chinese is not among Inno Setup's official translations; add the community file
; ChineseSimplified.isl to Inno Setup's Languages folder and this line to offer it:
; Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Habeas"; Filename: "{app}\habeas-gui.exe"; AppUserModelID: "org.habeas.Habeas"
Name: "{group}\{cm:UninstallProgram,Habeas}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Habeas"; Filename: "{app}\habeas-gui.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\habeas-gui.exe"; Description: "{cm:LaunchProgram,Habeas}"; Flags: nowait postinstall skipifsilent
