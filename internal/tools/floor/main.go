// Command floor is the smallest Fyne program: a window titled "Floor"
// with one label, built from the same Fyne version as aalogon. It is the
// floor `make bench-window` measures the client's start-up and memory against.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	w := app.NewWithID("io.aalogon.floor").NewWindow("Floor")
	w.SetContent(widget.NewLabel("Floor"))
	w.Resize(fyne.NewSize(460, 360))
	w.ShowAndRun()
}
