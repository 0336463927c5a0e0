//go:build !race

package ui_test

// raceBuild: see race_on_test.go.
const raceBuild = false
