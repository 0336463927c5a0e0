// Package i18n reads the one translation catalogue, assets/translations/*.json,
// without a display: the terminal, auth/flow's English fallbacks and the
// reader messages look keys up here; the window loads the same files into
// Fyne (ui.LoadTranslations). Texts are Go templates ({{.Method}}), the form
// Fyne's lang.X renders too.
package i18n

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"text/template"

	"aalogon/assets"
)

// English is the language every key has, and the one used when no other
// is asked for or shipped.
const English = "en"

// Catalogue is the shipped translations: for each language, key → text. A
// key with plural forms (a JSON object {"one": …, "other": …}, as Fyne's
// lang.XN reads it) keeps them too; its text is the "other" form.
type Catalogue struct {
	texts   map[string]map[string]string
	plurals map[string]map[string]map[string]string
}

// Shipped returns the catalogue embedded in the program. It is read once;
// a broken file is a build mistake, so it panics (the catalogue test keeps
// the files sound).
func Shipped() *Catalogue { return shipped() }

var shipped = sync.OnceValue(func() *Catalogue {
	c, err := Parse(assets.Translations, "translations")
	if err != nil {
		panic(err)
	}
	return c
})

// Parse reads dir/<lang>.json from fsys: one flat JSON object per language
// of key → text, or key → plural forms.
func Parse(fsys fs.FS, dir string) (*Catalogue, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	c := &Catalogue{texts: map[string]map[string]string{}, plurals: map[string]map[string]map[string]string{}}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		raw := map[string]json.RawMessage{}
		if err := json.Unmarshal(b, &raw); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", name, err)
		}
		lang := strings.TrimSuffix(path.Base(name), ".json")
		texts, plurals := map[string]string{}, map[string]map[string]string{}
		for key, v := range raw {
			var s string
			if err := json.Unmarshal(v, &s); err == nil {
				texts[key] = s
				continue
			}
			forms := map[string]string{}
			if err := json.Unmarshal(v, &forms); err != nil || forms["other"] == "" {
				return nil, fmt.Errorf("i18n: %s: %q is neither a text nor plural forms with \"other\"", name, key)
			}
			texts[key], plurals[key] = forms["other"], forms
		}
		c.texts[lang], c.plurals[lang] = texts, plurals
	}
	if c.texts[English] == nil {
		return nil, fmt.Errorf("i18n: %s: no %s.json", dir, English)
	}
	return c, nil
}

// Languages lists the catalogue's languages, sorted.
func (c *Catalogue) Languages() []string {
	out := make([]string, 0, len(c.texts))
	for l := range c.texts {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// Keys lists the keys of language lang, sorted; none for an unknown one.
func (c *Catalogue) Keys(lang string) []string {
	out := make([]string, 0, len(c.texts[lang]))
	for k := range c.texts[lang] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Has reports whether lang is shipped.
func (c *Catalogue) Has(lang string) bool { return c.texts[lang] != nil }

// Raw is the untranslated template of key in lang, falling back to English;
// "" for a key the catalogue lacks.
func (c *Catalogue) Raw(lang, key string) string {
	if s, ok := c.texts[lang][key]; ok {
		return s
	}
	return c.texts[English][key]
}

// Text is key in lang rendered with data (a map or struct for the
// template), English when lang lacks it, and the key itself when no
// language has it, so that a missing key shows rather than an empty line.
func (c *Catalogue) Text(lang, key string, data any) string {
	s := c.Raw(lang, key)
	if s == "" {
		return key
	}
	return render(s, data)
}

// TextN is key in lang for the count n: the "one" form when n is 1 and the
// language has one, else as Text. data gets Count = n when it is a map.
func (c *Catalogue) TextN(lang, key string, n int, data map[string]any) string {
	if data == nil {
		data = map[string]any{}
	}
	if _, ok := data["Count"]; !ok {
		data["Count"] = n
	}
	forms, ok := c.plurals[lang][key]
	if !ok {
		forms = c.plurals[English][key]
	}
	if s := forms["one"]; n == 1 && s != "" {
		return render(s, data)
	}
	return c.Text(lang, key, data)
}

// render executes s as a template; a text that is no valid template is
// shown as it is.
func render(s string, data any) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	t, err := template.New("").Option("missingkey=zero").Parse(s)
	if err != nil {
		return s
	}
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return s
	}
	return b.String()
}
