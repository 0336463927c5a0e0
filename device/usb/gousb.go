//go:build cgo && !nousb

package usb

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/google/gousb"
)

// LibUSB is a Transport on a real device through libusb (gousb).
type LibUSB struct {
	ctx  *gousb.Context
	dev  *gousb.Device
	cfg  *gousb.Config
	intf *gousb.Interface

	mu   sync.Mutex
	bulk map[uint8]bool // IN endpoints read with bulk transfers
	in   map[uint8]*gousb.InEndpoint
	out  map[uint8]*gousb.OutEndpoint
	live map[*libusbTransfer]bool
}

// List returns the USB devices on the system. When some devices cannot be
// described, it returns the others with the error.
func List() ([]DeviceInfo, error) {
	ctx := gousb.NewContext()
	defer ctx.Close()
	var out []DeviceInfo
	_, err := ctx.OpenDevices(func(d *gousb.DeviceDesc) bool {
		out = append(out, DeviceInfo{VID: uint16(d.Vendor), PID: uint16(d.Product), Bus: d.Bus, Address: d.Address})
		return false // only look, open nothing
	})
	if err != nil {
		return out, classify(err)
	}
	return out, nil
}

// Open opens the first device with vid:pid and claims its first
// vendor-specific interface (class ff), or interface 0 when it has none.
func Open(vid, pid uint16) (*LibUSB, error) {
	ctx := gousb.NewContext()
	t := &LibUSB{ctx: ctx, in: map[uint8]*gousb.InEndpoint{}, out: map[uint8]*gousb.OutEndpoint{},
		live: map[*libusbTransfer]bool{}}
	dev, err := ctx.OpenDeviceWithVIDPID(gousb.ID(vid), gousb.ID(pid))
	if err != nil || dev == nil {
		ctx.Close()
		if err == nil {
			return nil, fmt.Errorf("%w: %04x:%04x", ErrNotFound, vid, pid)
		}
		return nil, fmt.Errorf("usb: open %04x:%04x: %w", vid, pid, classify(err))
	}
	t.dev = dev
	dev.ControlTimeout = 5 * time.Second
	_ = dev.SetAutoDetach(true)
	cfgNum := 1
	if n, err := dev.ActiveConfigNum(); err == nil && n > 0 {
		cfgNum = n
	}
	if t.cfg, err = dev.Config(cfgNum); err != nil {
		// Detaching a kernel driver can fail where none is bound or the
		// platform cannot (umockdev); these readers need none detached.
		_ = dev.SetAutoDetach(false)
		t.cfg, err = dev.Config(cfgNum)
	}
	if err != nil {
		t.Close()
		return nil, fmt.Errorf("usb: configure %04x:%04x: %w", vid, pid, classify(err))
	}
	num := 0
	for _, i := range t.cfg.Desc.Interfaces {
		if len(i.AltSettings) > 0 && i.AltSettings[0].Class == gousb.ClassVendorSpec {
			num = i.Number
			break
		}
	}
	if t.intf, err = t.cfg.Interface(num, 0); err != nil {
		t.Close()
		return nil, fmt.Errorf("usb: claim interface %d of %04x:%04x: %w", num, vid, pid, classify(err))
	}
	return t, nil
}

// Control implements Transport.
func (t *LibUSB) Control(ctx context.Context, s Setup, data []byte) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	n, err := t.dev.Control(s.RequestType, s.Request, s.Value, s.Index, data)
	if err != nil {
		return n, classify(err)
	}
	return n, nil
}

// Submit implements Transport. An IN transfer is submitted to libusb before
// Submit returns; an OUT transfer is started by a goroutine, so drivers wait
// for an OUT transfer before submitting the next one.
func (t *LibUSB) Submit(ep uint8, n int, data []byte) (Transfer, error) {
	tr := &libusbTransfer{t: t, done: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	tr.cancel = cancel
	if ep&0x80 != 0 {
		in, err := t.inEndpoint(ep)
		if err != nil {
			cancel()
			return nil, err
		}
		stream, err := in.NewStream(n, 1) // submits now
		if err != nil {
			cancel()
			return nil, classify(err)
		}
		_ = stream.Close() // no re-submission after this one transfer
		t.track(tr, true)
		go func() {
			defer close(tr.done)
			defer t.track(tr, false)
			buf := make([]byte, n)
			got, err := stream.ReadContext(ctx, buf)
			tr.data, tr.err = buf[:got], classify(err)
		}()
		return tr, nil
	}
	out, err := t.outEndpoint(ep)
	if err != nil {
		cancel()
		return nil, err
	}
	t.track(tr, true)
	go func() {
		defer close(tr.done)
		defer t.track(tr, false)
		_, err := out.WriteContext(ctx, data)
		tr.err = classify(err)
	}()
	return tr, nil
}

func (t *LibUSB) track(tr *libusbTransfer, on bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if on {
		t.live[tr] = true
	} else {
		delete(t.live, tr)
	}
}

func (t *LibUSB) inEndpoint(ep uint8) (*gousb.InEndpoint, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if e, ok := t.in[ep]; ok {
		return e, nil
	}
	e, err := t.intf.InEndpoint(int(ep & 0x0f))
	if err != nil {
		return nil, fmt.Errorf("usb: endpoint %#02x: %w", ep, err)
	}
	if t.bulk[ep] {
		e.Desc.TransferType = gousb.TransferTypeBulk // this endpoint's copy only
	}
	t.in[ep] = e
	return e, nil
}

func (t *LibUSB) outEndpoint(ep uint8) (*gousb.OutEndpoint, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if e, ok := t.out[ep]; ok {
		return e, nil
	}
	e, err := t.intf.OutEndpoint(int(ep & 0x0f))
	if err != nil {
		return nil, fmt.Errorf("usb: endpoint %#02x: %w", ep, err)
	}
	t.out[ep] = e
	return e, nil
}

// ReadAsBulk makes later transfers on the IN endpoints eps bulk transfers,
// whatever their descriptors say: some drivers read an interrupt endpoint
// that way (device.Driver.BulkIn). Call it before the first transfer.
func (t *LibUSB) ReadAsBulk(eps ...uint8) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.bulk == nil {
		t.bulk = map[uint8]bool{}
	}
	for _, ep := range eps {
		t.bulk[ep] = true
	}
}

// Close cancels pending transfers and releases the device.
func (t *LibUSB) Close() error {
	t.mu.Lock()
	live := make([]*libusbTransfer, 0, len(t.live))
	for tr := range t.live {
		live = append(live, tr)
	}
	t.mu.Unlock()
	for _, tr := range live {
		tr.Cancel()
		<-tr.done
	}
	if t.intf != nil {
		t.intf.Close()
	}
	if t.cfg != nil {
		t.cfg.Close()
	}
	if t.dev != nil {
		t.dev.Close()
	}
	return t.ctx.Close()
}

type libusbTransfer struct {
	t      *LibUSB
	cancel context.CancelFunc
	done   chan struct{}
	data   []byte
	err    error
}

func (tr *libusbTransfer) Wait(ctx context.Context) ([]byte, error) {
	select {
	case <-tr.done:
	case <-ctx.Done():
		tr.cancel()
		<-tr.done
		return nil, fmt.Errorf("%w: %w", ErrCancelled, ctx.Err())
	}
	return tr.data, tr.err
}

func (tr *libusbTransfer) Cancel() { tr.cancel() }

// classify maps libusb errors to this package's.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var ue gousb.Error
	var ts gousb.TransferStatus
	switch {
	case errors.As(err, &ts):
		switch ts {
		case gousb.TransferCancelled:
			return fmt.Errorf("%w: %w", ErrCancelled, err)
		case gousb.TransferStall:
			return fmt.Errorf("%w: %w", ErrStall, err)
		case gousb.TransferNoDevice:
			return fmt.Errorf("%w: %w", ErrGone, err)
		case gousb.TransferTimedOut:
			return fmt.Errorf("%w: %w", ErrTimeout, err)
		}
	case errors.As(err, &ue):
		switch ue {
		case gousb.ErrorBusy:
			return fmt.Errorf("%w: %w", ErrBusy, err)
		case gousb.ErrorAccess:
			return fmt.Errorf("%w: %w", ErrAccess, err)
		case gousb.ErrorNoDevice:
			return fmt.Errorf("%w: %w", ErrGone, err)
		case gousb.ErrorNotFound:
			return fmt.Errorf("%w: %w", ErrNotFound, err)
		case gousb.ErrorTimeout:
			return fmt.Errorf("%w: %w", ErrTimeout, err)
		case gousb.ErrorPipe:
			return fmt.Errorf("%w: %w", ErrStall, err)
		}
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("%w: %w", ErrCancelled, err)
	}
	return err
}

var _ Transport = (*LibUSB)(nil)
