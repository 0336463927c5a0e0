package assets

import "encoding/json"

// English returns key's text in the English catalogue
// (translations/en.json), and false when the catalogue has none. The
// terminal speaks English from it; the window uses it as the fallback of
// lang.X when no catalogue is loaded.
func English(key string) (string, bool) {
	b, err := Translations.ReadFile("translations/en.json")
	if err != nil {
		return "", false
	}
	var words map[string]string
	if err := json.Unmarshal(b, &words); err != nil || words[key] == "" {
		return "", false
	}
	return words[key], true
}
