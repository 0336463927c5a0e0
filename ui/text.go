package ui

import (
	"time"

	"fyne.io/fyne/v2/lang"

	"aalogon/auth/flow"
	"aalogon/internal/i18n"
)

// t translates key, with the English fallback and template data.
func t(key, fallback string, data ...any) string {
	return lang.X(key, fallback, data...)
}

// noticeText is what a notice says: a server message this client knows by
// its id translated, else the server's own words when it sent some, else
// the translated key.
func noticeText(n flow.Notice) string {
	return n.WithRefusals(noticeWords(n), func(key string, count int) string {
		return lang.XN(key, i18n.Shipped().TextN(i18n.English, key, count, nil), count, map[string]any{"Count": count})
	})
}

func noticeWords(n flow.Notice) string {
	if k := flow.ServerKey(n.MsgID); k != "" { // a server message this client knows: in the person's language
		return t(k, english(k, n.Text), n.Data(methodTitle))
	}
	if n.Text != "" {
		return n.Text
	}
	return t(n.Key, n.Fallback(), n.Data(methodTitle))
}

// monthKeys are the catalogue keys of the months' short names, January first.
var monthKeys = [12]string{"date.jan", "date.feb", "date.mar", "date.apr", "date.may", "date.jun",
	"date.jul", "date.aug", "date.sep", "date.oct", "date.nov", "date.dec"}

// dateTime is a moment for people, in their language: "1 Dec 2026, 15:04",
// "1. Dez. 2026, 15:04".
func dateTime(at time.Time) string {
	return t("date.time", "{{.Day}} {{.Month}} {{.Year}}, {{.Clock}}", map[string]any{
		"Day": at.Day(), "Month": t(monthKeys[at.Month()-1], at.Format("Jan")), "Year": at.Year(),
		"Clock": at.Format("15:04")})
}
