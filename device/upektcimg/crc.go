package upektcimg

// crc16 is the UPEK coprocessor's checksum (libfprint upek_proto.c
// udf_crc): CRC-16 with polynomial 0x1021, initial value 0, no reflection
// and no final XOR (the XMODEM variant). It covers a message from its type
// byte to the end of its payload; the message carries it little-endian.
func crc16(b []byte) uint16 {
	var c uint16
	for _, x := range b {
		c ^= uint16(x) << 8
		for range 8 {
			if c&0x8000 != 0 {
				c = c<<1 ^ 0x1021
			} else {
				c <<= 1
			}
		}
	}
	return c
}
