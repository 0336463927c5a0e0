package vfs301

import (
	_ "embed"
	"encoding/hex"
	"fmt"
	"strings"
)

// messagesHex holds the sensor programs and configuration blocks the host
// sends, byte for byte as libfprint sends them (vfs301_proto_fragments.h).
// Nobody knows what most of their bytes mean; libfprint's author guessed
// at register pokes and a micro-program choosing what each column carries.
//
//go:embed messages.hex
var messagesHex string

// Messages known by name in messages.hex.
const (
	// Configuration blocks (command 0x06).
	msgConfig1 = "06_1"
	msgConfig2 = "06_2"
	msgConfig3 = "06_3"
	msgConfig4 = "06_4"
	// Command 0x12, after the calibration scans.
	msgConfig12 = "12"
	// Command 0x24: "turns on white".
	msgLightOn = "24"
	// Scan programs (command 0x0220): the first, the one the sensor idles
	// in, the last of activation, and the one that arms a swipe (it carries
	// the scan-mode word).
	msgProgram1 = "0220_01"
	msgIdle     = "0220_02"
	msgProgram3 = "0220_03"
	msgNextScan = "next_scan"
	// The calibration scans (command 0x02D0): this + "1".."7".
	msgCalibrate = "02d0_0"
)

// Single-byte commands.
const (
	cmdVersion   = 0x01 // replies 38 bytes on the control endpoint
	cmdStop      = 0x04 // ends a swipe; replies 12 04
	cmdConfig    = 0x0b // + subtype 4 or 5 (see configCommand)
	cmdPeek      = 0x17 // replies 7 bytes: is a swipe under way?
	cmdHandshake = 0x19 // replies 64 + 4 bytes
	cmdPrepare   = 0x1a // precedes a configuration block
)

// scanModeNormal is the scan-mode word libfprint arms every swipe with
// (0xFA00; 0x2C01 and 0x5E01 were seen from the vendor driver).
const scanModeNormal = 0xfa00

// messages are the named blocks of messages.hex.
type messages map[string][]byte

// parseMessages reads messages.hex.
func parseMessages() (messages, error) {
	m := messages{}
	for n, line := range strings.Split(messagesHex, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		name, h, ok := strings.Cut(line, " ")
		if !ok {
			return nil, fmt.Errorf("vfs301: messages.hex line %d: no bytes", n+1)
		}
		b, err := hex.DecodeString(h)
		if err != nil {
			return nil, fmt.Errorf("vfs301: messages.hex line %d: %w", n+1, err)
		}
		m[name] = b
	}
	next := m[msgNextScan]
	if at := len(next) - scanModeTail - 4; at < 0 || string(next[at:at+4]) != "\xde\xad\xde\xad" {
		return nil, fmt.Errorf("vfs301: messages.hex: next_scan has no scan-mode placeholder")
	}
	return m, nil
}

// scanModeTail is how many bytes follow the scan-mode word in next_scan.
const scanModeTail = 20

// nextScan returns the message that arms a swipe in the given scan mode: the
// mode word, big-endian, twice, in place of the placeholder.
func (m messages) nextScan(mode uint16) []byte {
	b := append([]byte(nil), m[msgNextScan]...)
	at := len(b) - scanModeTail - 4
	b[at], b[at+1], b[at+2], b[at+3] = byte(mode>>8), byte(mode), byte(mode>>8), byte(mode)
	return b
}

// configCommand returns command 0x0B with a subtype (4 or 5): 39 bytes,
// the subtype at byte 21 and a check byte at byte 35.
func configCommand(subtype byte) []byte {
	b := make([]byte, 39)
	b[0], b[21] = cmdConfig, subtype
	switch subtype {
	case 4:
		b[35] = 0x9f
	case 5:
		b[35] = 0xab
	}
	return b
}
