package egis0570

import "aalogon/device/assemble"

// frame returns the k-th frame's assembly rows of a round.
func frame(raw []byte, k int) []byte {
	off := k*frameBytes + stripTop*sensorWidth
	return raw[off : off+sensorWidth*stripHeight]
}

// background is the darkest value each pixel took over the five frames of
// the first round, taken with no finger on the sensor.
func background(raw []byte) []byte {
	bg := make([]byte, sensorWidth*stripHeight)
	for i := range bg {
		bg[i] = 255
	}
	for k := range framesPerRound {
		for i, v := range frame(raw, k) {
			bg[i] = min(bg[i], v)
		}
	}
	return bg
}

// fingerFrames subtracts the background from a round's frames and returns,
// in order, those showing a finger up to the first that does not; end
// reports that such a frame came (the finger has left, or not yet come).
func fingerFrames(raw, bg []byte) (found []assemble.Frame, end bool) {
	var pix [framesPerRound][]byte
	var finger [framesPerRound]bool
	for k := range framesPerRound {
		f := frame(raw, k)
		p := make([]byte, len(f))
		sum := 0
		for i, v := range f {
			if int(v)-margin > int(bg[i]) {
				p[i] = v - bg[i]
			}
			sum += int(p[i])
		}
		pix[k], finger[k] = p, sum/len(p) > minMean
	}
	for k := range framesPerRound {
		if !finger[k] {
			return found, true
		}
		found = append(found, assemble.Frame{Pix: pix[k]})
	}
	return found, false
}
