// Package auth speaks the Advanced Authentication (AuCore) REST logon API, as
// described in docs/aa-api.md of the project's shared documents.
//
// A Client holds one endpoint session (aa-api.md §1) and renews it
// transparently when the server answers HTTP 433. Every call takes a
// context; one without a deadline gets Config.Timeout.
//
// Wire types mirror the server's JSON exactly and tolerate unknown fields.
// Secrets (passwords, OTPs, the endpoint secret, fingerprint templates) travel
// only inside request bodies built by this package; they never reach a log
// line or an error string.
package auth
