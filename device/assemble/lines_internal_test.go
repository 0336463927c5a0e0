package assemble

import (
	"slices"
	"testing"
)

func TestMedianFilterOfLineOffsets(t *testing.T) {
	cases := []struct {
		name string
		in   []int
		size int
		want []int
	}{
		// Windows shrink at the ends; an even count takes the upper median.
		{"size 3", []int{1, 9, 1, 1, 9, 9, 9, 1}, 3, []int{9, 1, 1, 1, 9, 9, 9, 9}},
		{"size 1 keeps", []int{3, 1, 2}, 1, []int{3, 1, 2}},
		{"size 25 on a short run", []int{4, 2, 7, 1}, 25, []int{4, 4, 4, 4}},
		{"empty", []int{}, 25, []int{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := slices.Clone(tc.in)
			medianFilter(got, tc.size)
			if !slices.Equal(got, tc.want) {
				t.Errorf("medianFilter(%v, %d) = %v, want %v", tc.in, tc.size, got, tc.want)
			}
		})
	}
}

func TestLineOffsetsFirstEqualMatchWins(t *testing.T) {
	lines := make([][]byte, 6)
	c := LineConfig{MaxSearchOffset: 4, Deviation: func(a, b []byte) int { return 7 }}
	if got, want := lineOffsets(c, lines), []int{1, 1, 1}; !slices.Equal(got, want) {
		t.Errorf("offsets = %v, want %v", got, want)
	}
}
