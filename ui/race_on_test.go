//go:build race

package ui_test

// raceBuild: the tests run under the race detector, whose own memory grows
// with what it watches, so RSS says nothing about our leaks.
const raceBuild = true
