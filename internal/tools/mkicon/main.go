// Command mkicon draws assets/icon.png: a synthetic fingerprint (from
// device/fingerprint, so no biometric data) in a blue rounded square.
//
//	go run ./internal/tools/mkicon assets/icon.png
package main

import (
	"image"
	"image/color"
	"image/png"
	"math"
	"os"

	"aalogon/device/fingerprint"
)

func main() {
	if len(os.Args) != 2 {
		os.Stderr.WriteString("usage: mkicon OUT.png\n")
		os.Exit(2)
	}
	const size = 512
	print := fingerprint.NewMaster(20261127, 300, 380).Impression(0)
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	bg := color.NRGBA{0x1f, 0x4e, 0x79, 0xff}
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			// Rounded square, radius 96.
			dx := math.Max(0, math.Max(96-float64(x), float64(x)-(size-1-96)))
			dy := math.Max(0, math.Max(96-float64(y), float64(y)-(size-1-96)))
			if dx*dx+dy*dy > 96*96 {
				continue
			}
			c := bg
			// The print, centred, scaled to 80 % of the height.
			px := (float64(x)-size/2)*380/(0.8*size) + 150
			py := (float64(y)-size/2)*380/(0.8*size) + 190
			if px >= 0 && py >= 0 && px < 300 && py < 380 {
				v := float64(print.GrayAt(int(px), int(py)).Y)
				if v < 160 { // ridge: light on the blue
					a := (160 - v) / 160
					c = color.NRGBA{uint8(float64(bg.R) + a*(235-float64(bg.R))), uint8(float64(bg.G) + a*(242-float64(bg.G))),
						uint8(float64(bg.B) + a*(250-float64(bg.B))), 0xff}
				}
			}
			img.Set(x, y, c)
		}
	}
	f, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	if err := png.Encode(f, img); err != nil {
		panic(err)
	}
	f.Close()
}
