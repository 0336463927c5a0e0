package faults_test

import (
	"context"
	"errors"
	"image"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"aalogon/auth/aasim"
	"aalogon/auth/flow"
	"aalogon/device"
	"aalogon/device/capture"
	"aalogon/device/fingerprint"
	"aalogon/device/virtual"
)

const (
	readerEN = "The fingerprint reader did not work. Check it and try again."
	readerDE = "Der Fingerabdruckleser hat nicht funktioniert. Prüfen Sie ihn und versuchen Sie es erneut."
)

// uru is the reader the rows plug in.
var uru = device.Info{Driver: "uru4000", Name: "U.are.U 4500", VID: 0x05ba, PID: 0x000a, Bus: 1, Address: 7}

// bus is a USB bus the rows plug a reader into and pull it out of.
type bus struct {
	mu      sync.Mutex
	present []device.Info
	openErr error
	reader  func() device.Reader
}

func (b *bus) plug(on bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.present = nil
	if on {
		b.present = []device.Info{uru}
	}
}

func (b *bus) Scan() ([]device.Info, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]device.Info(nil), b.present...), nil
}

func (b *bus) Open(device.Info) (device.Reader, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.openErr != nil {
		return nil, b.openErr
	}
	return b.reader(), nil
}

// images is a virtual reader serving img; touched: a finger is on it at once.
func images(touched bool, img func() *image.Gray) func() device.Reader {
	return func() device.Reader {
		return virtual.New(func(int) (*image.Gray, error) { return img(), nil },
			virtual.Options{AutoTouch: touched, DPI: fingerprint.SynthDPI, Name: uru.Name})
	}
}

// finger is denis's finger, as enrolled.
func finger() *image.Gray { return aasim.DemoMaster(user).Impression(0) }

// readerEnv is a logon whose FINGER comes from b through the Manager and
// device/capture, as the window wires real readers: the Manager scans the
// bus (here every 20 ms) and follows the reader being plugged and pulled.
func readerEnv(t *testing.T, b *bus) (*env, <-chan device.Event, *device.Manager) {
	m := device.NewManager(device.ManagerConfig{Bus: b, Interval: 20 * time.Millisecond})
	ctx, stop := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { m.Run(ctx); close(ran) }()
	t.Cleanup(func() { stop(); <-ran })
	m.Scan()
	events := make(chan device.Event, 64)
	return newEnv(t, setup{finger: capture.Source{Capture: m.Capture, Events: events}}), events, m
}

// onReader signs in once with b's reader.
func onReader(b *bus) func(t *testing.T) outcome {
	return func(t *testing.T) outcome {
		e, _, _ := readerEnv(t, b)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		return e.observe(func() (*flow.Result, error) { return e.logon(ctx) })
	}
}

// waiting returns once the reader waits for a finger.
func waiting(t *testing.T, events <-chan device.Event) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case ev := <-events:
			if ev.Kind == device.WaitingForFinger {
				return
			}
		case <-timeout:
			t.Fatal("the reader never waited for a finger")
		}
	}
}

// unplugged pulls the reader out while it waits for a finger; with
// replug, plugs it in again and the person signs in again.
func unplugged(replug bool) func(t *testing.T) outcome {
	return func(t *testing.T) outcome {
		b := &bus{reader: images(false, finger)}
		b.plug(true)
		e, events, m := readerEnv(t, b)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		done := make(chan error, 1)
		go func() { _, err := e.logon(ctx); done <- err }()
		waiting(t, events)
		b.plug(false)
		err := <-done
		if !errors.Is(err, device.ErrUnplugged) {
			t.Errorf("error = %v, want device.ErrUnplugged", err)
		}
		if !replug {
			return e.outcome(false, err)
		}
		e.p.Show(flow.NoticeFor(err)) // what the window shows before the person tries again
		b.mu.Lock()
		b.reader = images(true, finger)
		b.mu.Unlock()
		b.plug(true)
		for s, _ := m.State(); s != device.Ready; s, _ = m.State() { // the person sees "Reader ready"
			if ctx.Err() != nil {
				t.Fatal("the Manager never opened the re-plugged reader")
			}
			time.Sleep(5 * time.Millisecond)
		}
		return e.observe(func() (*flow.Result, error) { return e.logon(ctx) })
	}
}

// stalled: the reader waits for ever; the person gives up.
func stalled(t *testing.T) outcome {
	b := &bus{reader: images(false, finger)}
	b.plug(true)
	e, events, _ := readerEnv(t, b)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := e.logon(ctx); done <- err }()
	waiting(t, events)
	time.Sleep(100 * time.Millisecond)
	cancel()
	return e.outcome(false, <-done)
}

// noise is a capture of garbage: random grey levels.
func noise() *image.Gray {
	r := rand.New(rand.NewPCG(16, 16))
	img := image.NewGray(image.Rect(0, 0, 256, 336))
	for i := range img.Pix {
		img.Pix[i] = uint8(r.IntN(256))
	}
	return img
}

// strip is a short read: the first 24 lines of the finger.
func strip() *image.Gray {
	f := finger()
	return f.SubImage(image.Rect(0, 0, f.Rect.Dx(), 24)).(*image.Gray)
}

func readerRow(fault, happens string, requests int, run func(t *testing.T) outcome) row {
	return row{group: "reader", fault: fault, happens: happens, en: readerEN, de: readerDE,
		requests: requests, deleted: "yes", run: run}
}

func readerRows() []row {
	plugged := func(b *bus) *bus { b.plug(true); return b }
	return []row{
		readerRow("no reader plugged in", "ends at FINGER", 6, onReader(&bus{})),
		readerRow("reader busy (another program has it)", "ends at FINGER", 6,
			onReader(plugged(&bus{openErr: device.ErrBusy}))),
		readerRow("no permission for the reader", "ends at FINGER", 6,
			onReader(plugged(&bus{openErr: device.ErrPermission}))),
		readerRow("unplugged mid-capture", "ends at FINGER", 6, unplugged(false)),
		{group: "reader", fault: "stall (no finger, no answer); the person gives up",
			happens: "ends when the person cancels", en: "Sign-in cancelled.", de: "Anmeldung abgebrochen.",
			requests: 6, deleted: "yes", run: stalled},
		readerRow("short read (24 lines of the image)", "ends at FINGER; nothing sent", 6,
			onReader(plugged(&bus{reader: images(true, strip)}))),
		readerRow("garbage (random grey levels)", "ends at FINGER; nothing sent", 6,
			onReader(plugged(&bus{reader: images(true, noise)}))),
		{group: "reader", fault: "re-plugged after an unplug mid-capture",
			happens: "ends; the next sign-in uses the re-plugged reader and signs in", signedIn: true,
			en: readerEN, de: readerDE, requests: 11, deleted: "n/a (signed in)", run: unplugged(true)},
	}
}
