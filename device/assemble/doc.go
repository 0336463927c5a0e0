// Package assemble turns what swipe sensors send, many small overlapping
// frames or single lines, into one fingerprint image, reproducing
// libfprint's assembly (libfprint/fpi-assembling.c at the recordings'
// commit) to the pixel, so that an image assembled here equals the one
// libfprint produced from the same traffic.
//
// Frames (frames.go) is the frame assembly of the AuthenTec, Egis and ELAN
// swipe sensors: it estimates how far the finger moved between frames by
// searching for the best overlap, then pastes the frames into a taller
// image. The arithmetic is libfprint's, integer for integer, including its
// 32-bit wrap-arounds, because the choice between two overlaps often turns
// on one unit of error.
//
// Enlarge (resize.go) is libfprint's fpi_image_resize, pixman's bilinear
// scaling, with which small sensors' images are enlarged once assembled
// or read.
//
// The package is pure: no USB, no clock, no state between calls.
package assemble
