package aeslib_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"math/rand/v2"
	"testing"
	"time"

	"aalogon/device/aeslib"
	"aalogon/device/usb"
)

func w(reg, val byte) aeslib.RegWrite { return aeslib.RegWrite{Reg: reg, Value: val} }

func TestBatches(t *testing.T) {
	// Seventeen writes: sixteen pairs in one transfer, the last alone.
	seventeen := make([]aeslib.RegWrite, 17)
	var first []byte
	for i := range seventeen {
		seventeen[i] = w(0x80+byte(i), byte(i))
		if i < 16 {
			first = append(first, 0x80+byte(i), byte(i))
		}
	}
	cases := []struct {
		name string
		regs []aeslib.RegWrite
		want [][]byte
	}{
		{"a flush ends a transfer", []aeslib.RegWrite{w(0x80, 1), aeslib.Flush, w(0x80, 0), w(0x81, 0)},
			[][]byte{{0x80, 1}, {0x80, 0, 0x81, 0}}},
		{"flushes at the ends or in a row send nothing", []aeslib.RegWrite{aeslib.Flush, w(0x80, 2), aeslib.Flush, aeslib.Flush, w(0x80, 0), aeslib.Flush},
			[][]byte{{0x80, 2}, {0x80, 0}}},
		{"sixteen writes to a transfer", seventeen, [][]byte{first, {0x90, 16}}},
		{"nothing", nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := aeslib.Batches(tc.regs)
			if len(got) != len(tc.want) {
				t.Fatalf("Batches() = % x, want % x", got, tc.want)
			}
			for i := range got {
				if !bytes.Equal(got[i], tc.want[i]) {
					t.Errorf("transfer %d = % x, want % x", i, got[i], tc.want[i])
				}
			}
		})
	}
}

// Pixel and Unpack read the same layout: low nibble the even row, high
// nibble the odd one, bytes down each column; level v is grey 17·v.
func TestPixelAndUnpackAgree(t *testing.T) {
	const width, height = 8, 6
	frame := make([]byte, width*height/2)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range frame {
		frame[i] = byte(rng.Uint32())
	}
	img := image.NewGray(image.Rect(0, 0, width, height+1))
	aeslib.Unpack(img, 1, frame)
	for y := range height {
		for x := range width {
			if got, want := img.GrayAt(x, y+1).Y, aeslib.Pixel(frame, height, x, y); got != want {
				t.Fatalf("(%d,%d): Unpack %d, Pixel %d", x, y, got, want)
			}
		}
	}
	frame[0] = 0xf3
	if a, b := aeslib.Pixel(frame, height, 0, 0), aeslib.Pixel(frame, height, 0, 1); a != 3*17 || b != 255 {
		t.Errorf("byte f3 = pixels %d, %d, want 51, 255", a, b)
	}
	if got := aeslib.Pixel(frame, height, 1, 0); got != (frame[height/2]&0x0f)*17 {
		t.Errorf("column 1 does not start at byte %d", height/2)
	}
}

// stuck is a sensor that never answers a write.
type stuck struct{ usb.Transport }

type stuckTransfer struct{}

func (stuck) Submit(uint8, int, []byte) (usb.Transfer, error) { return &stuckTransfer{}, nil }
func (*stuckTransfer) Wait(ctx context.Context) ([]byte, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}
func (*stuckTransfer) Cancel() {}

// A write the sensor never answers is usb.ErrTimeout; the caller giving
// up is not.
func TestWriteRegsTimeouts(t *testing.T) {
	t.Parallel() // waits for the 4 s write timeout
	err := aeslib.WriteRegs(context.Background(), stuck{}, []aeslib.RegWrite{w(0x80, 1)})
	if !errors.Is(err, usb.ErrTimeout) {
		t.Errorf("unanswered write: err = %v, want usb.ErrTimeout", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err = aeslib.WriteRegs(ctx, stuck{}, []aeslib.RegWrite{w(0x80, 1)})
	if errors.Is(err, usb.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("caller's deadline: err = %v, want the deadline alone", err)
	}
}
