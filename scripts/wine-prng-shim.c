/*
 * wine-prng-shim.c: bcryptprimitives.dll for Wine 8, TEST SCAFFOLDING ONLY,
 * never shipped. Go's Windows runtime (1.24+) draws its randomness from
 * ProcessPrng in bcryptprimitives.dll, which Windows 10 and later have and
 * Wine 8 lacks (the program stops with "bcryptprimitives.dll not found").
 * This DLL exports ProcessPrng over RtlGenRandom (advapi32's
 * SystemFunction036). scripts/windows-e2e builds it with
 *   x86_64-w64-mingw32-gcc -shared -o bcryptprimitives.dll wine-prng-shim.c
 * and copies it into the test prefix's system32.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
	while (size > 0) {
		ULONG n = size > 0x10000000 ? 0x10000000 : (ULONG)size;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		size -= n;
	}
	return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
	(void)inst; (void)reason; (void)reserved;
	return TRUE;
}
