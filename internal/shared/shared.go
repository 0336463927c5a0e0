// Package shared finds the project's shared test data (usb-recordings,
// fpdata), which lives beside the repository, never inside the product.
package shared

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
)

// Path returns the absolute path of rel inside the shared folder: the
// folder named by $AALOGON_SHARED, or the first `shared` folder found beside
// the working directory or one of its parents.
func Path(rel string) (string, error) {
	if dir := os.Getenv("AALOGON_SHARED"); dir != "" {
		return filepath.Join(dir, rel), nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		cand := filepath.Join(dir, "shared", rel)
		if _, err := os.Stat(cand); err == nil {
			return cand, nil
		}
		if filepath.Dir(dir) == dir {
			return "", fmt.Errorf("shared: %s not found beside %s or its parents (set AALOGON_SHARED)", rel, wd)
		}
	}
}

// GrayPNG reads a PNG and returns its green channel as grey bytes, row by
// row, with the width and height (readers.md §4: expected images are RGB
// with R = G = B).
func GrayPNG(path string) ([]byte, int, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, 0, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, 0, 0, err
	}
	b := img.Bounds()
	out := make([]byte, 0, b.Dx()*b.Dy())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			_, g, _, _ := img.At(x, y).RGBA()
			out = append(out, byte(g>>8))
		}
	}
	return out, b.Dx(), b.Dy(), nil
}

// DiffPixels counts the positions where got and want differ, counting
// missing positions of the shorter one as differences.
func DiffPixels(got, want []byte) int {
	n := max(len(got), len(want)) - min(len(got), len(want))
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			n++
		}
	}
	return n
}
