package ui

import (
	"fyne.io/fyne/v2/lang"

	"aalogon/auth/flow"
)

// t translates key, with the English fallback and template data.
func t(key, fallback string, data ...any) string {
	return lang.X(key, fallback, data...)
}

// noticeText is what a notice says: the server's own words when it sent
// some (already in the person's language), else the translated key.
func noticeText(n flow.Notice) string {
	if n.Text != "" {
		return n.Text
	}
	return t(n.Key, n.Fallback(), n.Data(methodTitle))
}
