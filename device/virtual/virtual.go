// Package virtual is a fingerprint reader without hardware: it serves
// images from a folder of PNG files or from a function, each when it is
// touched. The demo and the tests use it.
package virtual

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"aalogon/device"
)

// Source yields the image of the n-th capture (from 0).
type Source func(n int) (*image.Gray, error)

// Reader is a virtual reader. Capture waits for Touch (or captures at once
// with AutoTouch), then serves the next image of its source.
type Reader struct {
	src   Source
	dpi   float64
	auto  bool
	info  device.Info
	touch chan struct{}
	gone  chan struct{} // closed by Close

	mu     sync.Mutex
	n      int
	closed bool
}

// Options configure a Reader.
type Options struct {
	// DPI of the images. Zero: 500.
	DPI float64
	// AutoTouch captures without waiting for Touch.
	AutoTouch bool
	// Name is reported in Info. Empty: "Virtual reader".
	Name string
}

// New returns a reader serving src.
func New(src Source, opts Options) *Reader {
	if opts.DPI == 0 {
		opts.DPI = 500
	}
	if opts.Name == "" {
		opts.Name = "Virtual reader"
	}
	return &Reader{src: src, dpi: opts.DPI, auto: opts.AutoTouch, touch: make(chan struct{}, 1),
		gone: make(chan struct{}), info: device.Info{Driver: "virtual", Name: opts.Name}}
}

// Folder returns a source cycling through the PNG files of dir in name order.
func Folder(dir string) (Source, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("virtual: %w", err)
	}
	var files []string
	for _, e := range entries {
		if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".png") {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("virtual: %s holds no PNG image", dir)
	}
	sort.Strings(files)
	return func(n int) (*image.Gray, error) { return LoadPNG(files[n%len(files)]) }, nil
}

// Images returns a source cycling through imgs.
func Images(imgs ...*image.Gray) Source {
	return func(n int) (*image.Gray, error) {
		if len(imgs) == 0 {
			return nil, errors.New("virtual: no images")
		}
		return imgs[n%len(imgs)], nil
	}
}

// LoadPNG reads a PNG as grey.
func LoadPNG(path string) (*image.Gray, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("virtual: %w", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("virtual: %s: %w", path, err)
	}
	if g, ok := img.(*image.Gray); ok {
		return g, nil
	}
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Rect, img, img.Bounds().Min, draw.Src)
	return g, nil
}

// Touch puts a finger on the reader: the pending (or next) Capture proceeds.
func (r *Reader) Touch() {
	select {
	case r.touch <- struct{}{}:
	default: // already touched
	}
}

// Info implements device.Reader.
func (r *Reader) Info() device.Info { return r.info }

// Capture implements device.Reader. Closing the reader while it waits
// for a touch ends the capture with device.ErrUnplugged, as pulling a real
// reader out does.
func (r *Reader) Capture(ctx context.Context, events chan<- device.Event) (*device.Sample, error) {
	emit := func(k device.EventKind) { device.Notify(events, device.Event{Kind: k, Reader: r.info}) }
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil, device.ErrUnplugged
	}
	r.mu.Unlock()
	emit(device.WaitingForFinger)
	if !r.auto {
		select {
		case <-r.touch:
		case <-r.gone:
			return nil, fmt.Errorf("virtual: %w", device.ErrUnplugged)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	emit(device.FingerOn)
	emit(device.Capturing)
	r.mu.Lock()
	n := r.n
	r.n++
	r.mu.Unlock()
	img, err := r.src(n)
	if err != nil {
		return nil, err
	}
	emit(device.FingerOff)
	return &device.Sample{Image: img, DPI: r.dpi, Reader: r.info}, nil
}

// Close implements device.Reader.
func (r *Reader) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.closed {
		r.closed = true
		close(r.gone)
	}
	return nil
}

var _ device.Reader = (*Reader)(nil)
