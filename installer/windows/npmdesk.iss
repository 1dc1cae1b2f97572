; Inno Setup script for npmdesk. Build the one-folder bundle first (installer\build-windows.ps1),
; then: iscc /DAppVersion=X.Y.Z installer\windows\npmdesk.iss
#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z
#endif

[Setup]
AppId={{5B0E5C57-4E2B-4C1B-9B77-6E7D6F2A9C11}
AppName=npmdesk
AppVersion={#AppVersion}
AppPublisher=npmdesk
DefaultDirName={autopf}\npmdesk
DefaultGroupName=npmdesk
UninstallDisplayIcon={app}\npmdesk.exe
OutputDir=..\..\dist
OutputBaseFilename=npmdesk-{#AppVersion}-windows-setup
SetupIconFile=..\..\resources\icons\npmdesk.ico
Compression=lzma2
SolidCompression=yes
ChangesAssociations=yes
PrivilegesRequiredOverridesAllowed=dialog
; The bundle is 64-bit only: install it in 64-bit mode (Program Files, the 64-bit registry view)
; and refuse 32-bit Windows. Without these lines Setup put it under "Program Files (x86)".
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 1809 or later (and the ICU that Windows 10 carries as icuuc.dll).
MinVersion=10.0.17763
WizardStyle=modern

[Languages]
Name: "es"; MessagesFile: "compiler:Languages\Spanish.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
es.CaseFile=Expediente cifrado de npmdesk
en.CaseFile=npmdesk encrypted case file

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\npmdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\npmdesk"; Filename: "{app}\npmdesk.exe"
Name: "{group}\{cm:UninstallProgram,npmdesk}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\npmdesk"; Filename: "{app}\npmdesk.exe"; Tasks: desktopicon

[Registry]
Root: HKA; Subkey: "Software\Classes\.npmcase"; ValueType: string; ValueName: ""; ValueData: "npmdesk.Case"; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\npmdesk.Case"; ValueType: string; ValueName: ""; ValueData: "{cm:CaseFile}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\npmdesk.Case\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\npmdesk.exe,0"
Root: HKA; Subkey: "Software\Classes\npmdesk.Case\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\npmdesk.exe"" ""%1"""

[Run]
Filename: "{app}\npmdesk.exe"; Description: "{cm:LaunchProgram,npmdesk}"; Flags: nowait postinstall skipifsilent
