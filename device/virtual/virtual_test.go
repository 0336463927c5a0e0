package virtual_test

import (
	"context"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"aalogon/device"
	"aalogon/device/virtual"
)

func TestCaptureWaitsForTouch(t *testing.T) {
	a, b := image.NewGray(image.Rect(0, 0, 4, 4)), image.NewGray(image.Rect(0, 0, 6, 6))
	r := virtual.New(virtual.Images(a, b), virtual.Options{})
	events := make(chan device.Event, 8)
	got := make(chan *device.Sample)
	go func() {
		s, err := r.Capture(context.Background(), events)
		if err != nil {
			t.Error(err)
		}
		got <- s
	}()
	if e := <-events; e.Kind != device.WaitingForFinger {
		t.Fatalf("event %v", e.Kind)
	}
	select {
	case <-got:
		t.Fatal("captured before the touch")
	case <-time.After(50 * time.Millisecond):
	}
	r.Touch()
	if s := <-got; s.Image != a || s.DPI != 500 {
		t.Errorf("sample %+v, want the first image at 500 dpi", s)
	}
	r.Touch()
	if s, _ := r.Capture(context.Background(), nil); s.Image != b {
		t.Error("the second capture did not serve the second image")
	}
}

func TestCancelWhileWaiting(t *testing.T) {
	r := virtual.New(virtual.Images(image.NewGray(image.Rect(0, 0, 1, 1))), virtual.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := r.Capture(ctx, nil); err == nil {
		t.Fatal("capture without a touch succeeded")
	}
}

func TestFolderSource(t *testing.T) {
	dir := t.TempDir()
	img := image.NewGray(image.Rect(0, 0, 3, 2))
	img.Pix[0] = 77
	f, _ := os.Create(filepath.Join(dir, "a.png"))
	png.Encode(f, img)
	f.Close()
	src, err := virtual.Folder(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := src(5)
	if err != nil || got.Pix[0] != 77 || got.Rect.Dx() != 3 {
		t.Fatalf("image %v, %v", got, err)
	}
	if _, err := virtual.Folder(t.TempDir()); err == nil {
		t.Error("an empty folder was accepted")
	}
}

// Closing the reader while a capture waits for a finger ends the capture as
// an unplugged reader, not a wait that never ends.
func TestCloseEndsAWaitingCaptureAsUnplugged(t *testing.T) {
	r := virtual.New(virtual.Images(image.NewGray(image.Rect(0, 0, 4, 4))), virtual.Options{})
	events := make(chan device.Event, 8)
	done := make(chan error, 1)
	go func() {
		_, err := r.Capture(context.Background(), events)
		done <- err
	}()
	<-events // waiting for finger
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if !errors.Is(err, device.ErrUnplugged) {
			t.Errorf("capture error %v, want ErrUnplugged", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the capture still waits after Close")
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
