# Builds the Windows one-folder bundle and the installer (needs Python 3.11 and Inno Setup 6).
$ErrorActionPreference = "Stop"
$Root = Resolve-Path "$PSScriptRoot\.."
Set-Location $Root
py -3.11 -m venv build\venv
build\venv\Scripts\pip install -q . pyinstaller
$Version = (build\venv\Scripts\python -c "import npmdesk; print(npmdesk.__version__)").Trim()
build\venv\Scripts\pyinstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller installer\npmdesk.spec
& "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" "/DAppVersion=$Version" installer\windows\npmdesk.iss
