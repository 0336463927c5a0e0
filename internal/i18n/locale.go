package i18n

import "strings"

// Resolve picks the language to speak, as the window and the terminal both
// do: the first of chosen (--lang, then the configuration's language, in
// that order) that is not empty, else the system locale from getenv
// (LC_ALL, LC_MESSAGES, LANG, as gettext reads them), else English. "C",
// "POSIX" and unset mean English. A language the catalogue does not ship
// ("fr_FR.UTF-8") gives English too. The result is a catalogue language
// such as "de".
func (c *Catalogue) Resolve(getenv func(string) string, chosen ...string) string {
	for _, s := range chosen {
		if s != "" {
			return c.match(s)
		}
	}
	if getenv == nil {
		return English
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := getenv(v); s != "" {
			return c.match(s)
		}
	}
	return English
}

// match maps a locale ("de_DE.UTF-8", "de-AT", "C") to a shipped language.
func (c *Catalogue) match(locale string) string {
	base, _, _ := strings.Cut(locale, ".")
	base, _, _ = strings.Cut(base, "@")
	base = strings.ReplaceAll(base, "-", "_")
	base, _, _ = strings.Cut(base, "_")
	base = strings.ToLower(base)
	if base == "c" || base == "posix" || !c.Has(base) {
		return English
	}
	return base
}
