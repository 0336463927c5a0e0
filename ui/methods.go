package ui

import (
	"embed"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"aalogon/auth"
	"aalogon/auth/flow"
	"aalogon/internal/i18n"
)

// How the window names and draws a method: from its declaration in
// flow.Methods, the title through the translation catalogue and the icon
// through methodIcons, the one place an icon key becomes an image.

// ownIcons are the icons Fyne's theme lacks, drawn for AA Logon (24×24,
// filled shapes only, so the theme recolours them).
//
//go:embed icons/*.svg
var ownIcons embed.FS

// methodIcons maps each icon key of flow's declarations to its image.
func methodIcons() map[string]fyne.Resource {
	own := func(name string) fyne.Resource {
		b, err := ownIcons.ReadFile("icons/" + name + ".svg")
		if err != nil {
			return theme.BrokenImageIcon() // not embedded: TestEveryMethodHasTitleAndIcon fails
		}
		return theme.NewThemedResource(fyne.NewStaticResource(name+".svg", b))
	}
	return map[string]fyne.Resource{
		flow.IconAccount:   theme.AccountIcon(),
		flow.IconPassword:  theme.LoginIcon(),
		flow.IconServer:    theme.StorageIcon(),
		flow.IconEmergency: theme.WarningIcon(),
		flow.IconClock:     theme.HistoryIcon(),
		flow.IconSMS:       own("sms"),
		flow.IconEmail:     theme.MailComposeIcon(),
		flow.IconCall:      own("call"),
		flow.IconPhone:     own("phone"),
		flow.IconQuestions: theme.QuestionIcon(),
		flow.IconFinger:    own("finger"),
	}
}

// methodTitle is a method's name for people: its declaration's title in
// the person's language; a method this client does not know keeps the
// server's name for it (e.g. U2F).
func methodTitle(m auth.MethodID) string {
	d, ok := flow.Lookup(m)
	if !ok {
		return m.Name()
	}
	return t(d.TitleKey, english(d.TitleKey, m.Name()))
}

// english is key's English text, the fallback of a method's words when
// no catalogue is loaded; def when the catalogue has none.
func english(key, def string) string {
	if s := i18n.Shipped().Raw(i18n.English, key); s != "" {
		return s
	}
	return def
}

// methodIcon is the icon of a method; a method this client does not know
// gets the neutral info icon.
func methodIcon(m auth.MethodID) fyne.Resource {
	d, ok := flow.Lookup(m)
	if !ok {
		return theme.InfoIcon()
	}
	if r, ok := methodIcons()[d.IconKey]; ok {
		return r
	}
	return theme.InfoIcon()
}

// methodWait is what the person does while the flow waits on a Confirm
// method: confirm in the app, or answer the call.
func methodWait(m auth.MethodID) string {
	key := "push.waiting"
	if d, ok := flow.Lookup(m); ok && d.WaitKey != "" {
		key = d.WaitKey
	}
	return t(key, english(key, flow.Notice{Key: flow.NoticePushWaiting}.Fallback()))
}
