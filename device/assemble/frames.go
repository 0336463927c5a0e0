package assemble

import (
	"image"
	"math"
)

// Frame is one frame of a swipe sensor: Layout.Width × Layout.Height grey
// pixels, row-major, as the sensor sees them (not yet inverted or flipped).
// DX and DY are the frame's offset from the frame before it, filled by
// EstimateMovement, or by the driver when the sensor reports movement.
type Frame struct {
	Pix    []byte
	DX, DY int
}

// Layout is a sensor's frame geometry (libfprint's fpi_frame_asmbl_ctx).
type Layout struct {
	// Width and Height of one frame.
	Width, Height int
	// ImageWidth is the width of the assembled image, usually a quarter to
	// a half wider than a frame to leave room for sideways movement.
	ImageWidth int
}

// Assembled is an image as the frame assembly leaves it: in the sensor's
// polarity and orientation. Image gives the normalised picture.
type Assembled struct {
	// Gray holds the pasted frames; rows no frame reached are 0.
	Gray *image.Gray
	// Reversed reports that the finger moved against the sensor's usual
	// direction; such an image is already upright and is not flipped.
	Reversed bool
}

// EstimateMovement fills DX and DY of every frame after the first with its
// offset from the frame before, found as the overlap of least difference
// (fpi_do_movement_estimation). It tries both swipe directions and keeps
// the one that matches better; a tie keeps the reverse direction, as
// libfprint does. Fewer than two frames leave nothing to estimate.
func (l Layout) EstimateMovement(frames []Frame) {
	if len(frames) < 2 {
		return
	}
	// libfprint searches forward, then in reverse, then forward again
	// when forward matched better. The third search finds what the first
	// did, so its results are kept and applied instead of searched again.
	forward := make([]overlap, len(frames))
	for i := 1; i < len(frames); i++ {
		forward[i] = l.overlap(frames[i].Pix, frames[i-1].Pix)
		forward[i].apply(&frames[i])
	}
	reverse := make([]overlap, len(frames))
	for i := 1; i < len(frames); i++ {
		reverse[i] = l.overlap(frames[i-1].Pix, frames[i].Pix)
		reverse[i].apply(&frames[i])
		frames[i].DX, frames[i].DY = -frames[i].DX, -frames[i].DY
	}
	if meanError(forward) < meanError(reverse) {
		for i := 1; i < len(frames); i++ {
			forward[i].apply(&frames[i])
		}
	}
}

// overlap is the best shift found between two frames.
type overlap struct {
	dx, dy int
	found  bool // some shift beat the worst possible error
	err    uint32
}

// apply stores the shift in f; when none was found f keeps its offset
// (libfprint's find_overlap leaves its outputs alone then).
func (o overlap) apply(f *Frame) {
	if o.found {
		f.DX, f.DY = o.dx, o.dy
	}
}

// meanError is a direction's error as libfprint compares it: the 64-bit
// total over the frames after the first, divided by the number of all
// frames, truncated to 32 bits and read as a signed int.
func meanError(o []overlap) int32 {
	var total uint64
	for _, v := range o[1:] {
		total += uint64(v.err)
	}
	return int32(uint32(total / uint64(len(o))))
}

// overlap searches vertical shifts 2…Height−1 and sideways shifts −8…7 for
// the least difference between first and second (find_overlap).
func (l Layout) overlap(first, second []byte) overlap {
	best := overlap{err: uint32(255 * l.Height * l.Width)}
	for y := 2; y < l.Height; y++ {
		for x := -8; x < 8; x++ {
			if e := l.frameError(first, second, x, y); e < best.err {
				best = overlap{dx: -x, dy: y, found: true, err: e}
			}
		}
	}
	return best
}

// frameError is the sum of absolute differences between first shifted by
// (dx, dy) and second over their common area, scaled to a whole frame, in
// libfprint's unsigned 32-bit arithmetic (calc_error).
func (l Layout) frameError(first, second []byte, dx, dy int) uint32 {
	adx := dx
	if adx < 0 {
		adx = -adx
	}
	width, height := uint32(l.Width-adx), uint32(l.Height-dy)
	if width == 0 || height == 0 {
		return math.MaxInt32
	}
	x1, x2 := dx, 0
	if dx < 0 {
		x1, x2 = 0, -dx
	}
	var sum uint32
	w := int(width)
	for i := 0; i < int(height); i++ {
		r1 := first[i*l.Width+x1:][:w]
		r2 := second[(i+dy)*l.Width+x2:][:w]
		for j, a := range r1 {
			d := int32(a) - int32(r2[j])
			m := d >> 31
			sum += uint32((d ^ m) - m) // |d|, without a branch
		}
	}
	sum *= uint32(l.Height * l.Width)
	return sum / (height * width)
}

// Assemble pastes the frames into one image ImageWidth wide and as tall as
// the movement (fpi_assemble_frames): each frame lands at the sum of the
// offsets so far, later frames over earlier ones, the first one centred
// sideways. The first frame's offset is set to zero. frames must not be
// empty.
func (l Layout) Assemble(frames []Frame) Assembled {
	frames[0].DX, frames[0].DY = 0, 0
	height := 0
	for _, f := range frames {
		height += f.DY
	}
	reversed := height < 0
	if reversed {
		height = -height
	}
	height += l.Height
	img := image.NewGray(image.Rect(0, 0, l.ImageWidth, height))
	y := 0
	if reversed {
		y = height - l.Height
	}
	x := (l.ImageWidth - l.Width) / 2
	for _, f := range frames {
		y += f.DY
		x += f.DX
		l.blit(img, f.Pix, x, y)
	}
	return Assembled{Gray: img, Reversed: reversed}
}

// blit copies a frame into img with its top-left corner at (x, y), clipped
// to the image.
func (l Layout) blit(img *image.Gray, pix []byte, x, y int) {
	ix, fx := x, 0
	if x < 0 {
		ix, fx = 0, -x
	}
	iy, fy := y, 0
	if y < 0 {
		iy, fy = 0, -y
	}
	w := img.Rect.Dx()
	for ; fy < l.Height && iy < img.Rect.Dy(); fy, iy = fy+1, iy+1 {
		n := min(l.Width-fx, w-ix)
		if n <= 0 {
			continue
		}
		copy(img.Pix[iy*w+ix:iy*w+ix+n], pix[fy*l.Width+fx:])
	}
}

// Image returns the assembled picture normalised as libfprint delivers it:
// dark ridges on light (the sensor's values inverted) and, unless the swipe
// was reversed, turned 180°.
func (a Assembled) Image() *image.Gray {
	out := image.NewGray(a.Gray.Rect)
	copy(out.Pix, a.Gray.Pix)
	Normalize(out, !a.Reversed)
	return out
}

// Normalize inverts g in place and, when turn is set, turns it 180° (a
// mirror left–right and top–bottom): libfprint's COLORS_INVERTED, and its
// H_FLIPPED plus V_FLIPPED, flags as fp_image applies them.
func Normalize(g *image.Gray, turn bool) {
	p := g.Pix
	if turn {
		for i, j := 0, len(p)-1; i < j; i, j = i+1, j-1 {
			p[i], p[j] = p[j], p[i]
		}
	}
	for i := range p {
		p[i] = 255 - p[i]
	}
}
