/* Test-machine shim, never shipped: Wine 8.0 (Debian 12) has no bcryptprimitives.dll, which
 * Windows has had since Windows 8. Programs built with Rust >= 1.78 (cryptography's _rust.pyd)
 * import ProcessPrng from it. Same contract as Windows': fill the buffer from the system CSPRNG
 * (here RtlGenRandom, which Wine reads from the host's kernel). */
#include <windows.h>
#include <ntsecapi.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    while (size) {
        ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
