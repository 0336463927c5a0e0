// Package assets holds what the product ships besides code: translations
// (go-i18n JSON, one file per language), the udev rule for the readers, and
// the icon.
package assets

import "embed"

// Translations holds translations/<lang>.json, for lang.AddTranslationsFS.
//
//go:embed translations/*.json
var Translations embed.FS
