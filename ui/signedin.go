package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"aalogon/auth"
	"aalogon/auth/flow"
)

// SignedInScreen shows who is signed in, since when, their authenticators,
// and Sign out.
type SignedInScreen struct {
	Root           fyne.CanvasObject
	User           *widget.Label
	Email          *widget.Label
	Since          *widget.Label
	Authenticators *fyne.Container
	SignOut        *Button
}

// NewSignedInScreen returns the screen for user.
func NewSignedInScreen(user auth.UserInfo, onSignOut func()) *SignedInScreen {
	s := &SignedInScreen{}
	s.User = widget.NewLabelWithStyle(t("signedin.as", "Signed in as {{.User}}", map[string]any{"User": user.DisplayName()}),
		fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	s.Email = widget.NewLabel(user.UserEmail)
	s.Email.Alignment = fyne.TextAlignCenter
	s.Since = lowLabel("")
	s.Since.Alignment = fyne.TextAlignCenter
	s.Authenticators = container.NewVBox()
	s.SignOut = newButton(t("signedin.signout", "Sign out"), onSignOut)
	s.SignOut.Importance = widget.HighImportance
	s.Root = newScreen(screenSlots{Title: s.User, Prompt: container.NewVBox(s.Email, s.Since),
		Content: container.NewVBox(
			widget.NewLabelWithStyle(t("signedin.authenticators", "Your authenticators"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			s.Authenticators),
		Actions: actionRow(nil, s.SignOut)})
	return s
}

// SetDetails shows the login session's creation time and the templates.
func (s *SignedInScreen) SetDetails(created string, templates []auth.Template) {
	if created != "" {
		// The server's form is "2018-09-26T15:30:00.201926", in UTC.
		if at, err := time.ParseInLocation("2006-01-02T15:04:05.999999", created, time.UTC); err == nil {
			created = dateTime(at.Local())
		}
		s.Since.SetText(t("signedin.since", "Since {{.Time}}", map[string]any{"Time": created}))
	}
	s.Authenticators.RemoveAll()
	for _, tpl := range templates {
		// A method this client knows has one name everywhere in the window;
		// the server's title names the others.
		title := methodTitle(tpl.MethodID)
		if _, known := flow.Lookup(tpl.MethodID); !known && tpl.MethodTitle != "" {
			title = tpl.MethodTitle
		}
		s.Authenticators.Add(container.NewHBox(widget.NewIcon(methodIcon(tpl.MethodID)), widget.NewLabel(title)))
	}
	s.Authenticators.Refresh()
}
