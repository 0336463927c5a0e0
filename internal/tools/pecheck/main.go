// Command pecheck verifies a Windows build: a PE32+ (amd64) image for the
// GUI subsystem whose resources hold a version block with the expected
// product version, with USB support (gousb) compiled in and libusb linked
// statically (no libusb DLL to ship).
//
//	go run ./internal/tools/pecheck dist/aalogon.exe 0.1.0
package main

import (
	"bytes"
	"debug/pe"
	"fmt"
	"os"
	"strings"
	"unicode/utf16"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: pecheck FILE.exe VERSION")
		os.Exit(2)
	}
	if err := check(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "pecheck:", err)
		os.Exit(1)
	}
	fmt.Printf("pecheck: %s is a PE32+ amd64 GUI program with version %s and USB readers (libusb linked in)\n", os.Args[1], os.Args[2])
}

func check(path, version string) error {
	f, err := pe.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		return fmt.Errorf("machine %#x, want amd64", f.Machine)
	}
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok {
		return fmt.Errorf("not PE32+")
	}
	if oh.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		return fmt.Errorf("subsystem %d, want the GUI subsystem (2)", oh.Subsystem)
	}
	rsrc := f.Section(".rsrc")
	if rsrc == nil {
		return fmt.Errorf("no .rsrc section: no icon or version resource")
	}
	data, err := rsrc.Data()
	if err != nil {
		return err
	}
	for _, s := range []string{"VS_VERSION_INFO", "ProductVersion", version} {
		if !bytes.Contains(data, utf16le(s)) {
			return fmt.Errorf("the resources lack %q", s)
		}
	}
	libs, err := f.ImportedLibraries()
	if err != nil {
		return err
	}
	for _, l := range libs {
		if strings.Contains(strings.ToLower(l), "libusb") {
			return fmt.Errorf("it imports %s: libusb must be linked statically", l)
		}
	}
	whole, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !bytes.Contains(whole, []byte("github.com/google/gousb.")) || !bytes.Contains(whole, []byte("libusb_init")) {
		return fmt.Errorf("USB support (gousb with libusb) is not compiled in")
	}
	return nil
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range utf16.Encode([]rune(s)) {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}
