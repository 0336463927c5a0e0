// Package ui is the Fyne sign-in window. It holds no protocol or USB code:
// it drives auth/flow through its Prompter and shows what the flow reports.
package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// AppID is the application id (FyneApp.toml, desktop file, preferences).
const AppID = "io.aalogon.client"

// Run opens the sign-in window and returns when it is closed.
//
// Until the sign-in screens land (the UI issue), the window says where the
// client is today: `aalogon logon` signs in from a terminal.
func Run(args []string) error {
	a := app.NewWithID(AppID)
	w := a.NewWindow("AA Logon")
	w.SetContent(Placeholder(a.Quit))
	w.Resize(fyne.NewSize(420, 200))
	w.CenterOnScreen()
	w.ShowAndRun()
	return nil
}

// Placeholder is the window's content until the sign-in screens exist.
func Placeholder(quit func()) fyne.CanvasObject {
	title := widget.NewLabelWithStyle("AA Logon", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	note := widget.NewLabel("The sign-in window is not ready yet.\nSign in from a terminal: aalogon logon --help")
	note.Alignment = fyne.TextAlignCenter
	return container.NewVBox(title, note, widget.NewButton("Quit", quit))
}
