package aes2501

import "aalogon/device/aeslib"

// Registers of the AES2501 (libfprint drivers/aes2501.h). A register write
// is a (register, value) byte pair; several pairs go in one bulk transfer.
const (
	regCtrl1        = 0x80
	regCtrl2        = 0x81
	regExcitCtrl    = 0x82
	regDetCtrl      = 0x83
	regColScan      = 0x88
	regMeasDrv      = 0x89
	regMeasFreq     = 0x8a
	regDemodPhase2  = 0x8c
	regDemodPhase1  = 0x8d
	regChanGain     = 0x8e
	regADRefHi      = 0x91
	regADRefLo      = 0x92
	regEndRow       = 0x94
	regStrtCol      = 0x95
	regEndCol       = 0x96
	regDatFmt       = 0x97
	regImagCtrl     = 0x98
	regChWord1      = 0x9b
	regChWord2      = 0x9c
	regChWord3      = 0x9d
	regChWord4      = 0x9e
	regChWord5      = 0x9f
	regTReg1        = 0xa1
	regAutoCalOffst = 0xa8
	regTRegC        = 0xac
	regTRegD        = 0xad
	regLPOnT        = 0xb4

	// firstDumpReg and lastDumpReg bound a register dump (0x80…0x9f).
	firstDumpReg = regCtrl1
	lastDumpReg  = regChWord5

	ctrl1MasterReset = 0x01
	ctrl1ScanReset   = 0x02
	ctrl1RegUpdate   = 0x04
	ctrl2ReadRegs    = 0x02
	ctrl2SetOneShot  = 0x04

	detCtrlContinuous31ms = 0x00 // detect continuously, 31 ms settle
	colScan128us          = 0x02
	measDrvSquare0325     = 0x10 // square wave, 0.325 Vpp
	measFreq2MHz          = 0x05
	chanGain4x16x         = 0x13 // stage 2 ×4, stage 1 ×16
	chanGain2x2x          = 0x00
	chanGain16x           = 0x03
	datFmtBinImg          = 0x10
	imagCtrlTstReg        = 0x20
	imagCtrlHisto         = 0x02
	imagCtrlNoImage       = 0x01
	tRegCEnable           = 0x01
	lpOnTMin              = 0x00

	// adRefHiMin and adRefHiMax bound the A/D reference the capture tunes
	// strip by strip; the capture starts at the maximum.
	adRefHiMin = 0x28
	adRefHiMax = 0x58
	// sumLow and sumHigh: a strip histogram sum outside them moves the A/D
	// reference by adRefHiStep.
	sumLow      = 700
	sumHigh     = 1000
	adRefHiStep = 0x08

	// regReadyMark is the value of dump byte 0x5f (register 0xaf) while
	// the sensor still calibrates after init_2; init_3 is repeated until it
	// changes, at most calibrationTries times.
	regReadyMark     = 0x6b
	calibrationTries = 13
)

// regWrite is one register write. split (register 0, value 0:
// aeslib.Flush) ends a bulk transfer early: the next writes go in a new
// one (aeslib's grouping, which the device sees).
type regWrite struct{ reg, value byte }

var split = regWrite{}

// Activation, in libfprint's order (dev_activate).
var (
	init1 = []regWrite{
		{regCtrl1, ctrl1MasterReset}, split,
		{0xb0, 0x27}, {regCtrl1, ctrl1MasterReset}, {regExcitCtrl, 0x40},
		{0xff, 0}, {0xff, 0}, {0xff, 0}, {0xff, 0}, {0xff, 0}, {0xff, 0},
		{0xff, 0}, {0xff, 0}, {0xff, 0}, {0xff, 0}, {0xff, 0},
		{regCtrl1, ctrl1MasterReset}, {regExcitCtrl, 0x40},
		{regDetCtrl, detCtrlContinuous31ms}, {regColScan, colScan128us},
		{regMeasDrv, measDrvSquare0325}, {regMeasFreq, measFreq2MHz},
		{regDemodPhase1, 0}, {regDemodPhase2, 0}, {regChanGain, chanGain4x16x},
		{regADRefHi, 0x44}, {regADRefLo, 0x34}, {regStrtCol, 0x16}, {regEndCol, 0x16},
		{regDatFmt, datFmtBinImg | 0x08}, {regTReg1, 0x70}, {0xa2, 0x02}, {0xa7, 0x00},
		{regTRegC, tRegCEnable}, {regTRegD, 0x1a},
		{regCtrl1, ctrl1RegUpdate}, {regCtrl2, ctrl2SetOneShot}, {regLPOnT, lpOnTMin},
	}
	init2 = []regWrite{
		{regCtrl1, ctrl1MasterReset}, {regExcitCtrl, 0x40}, {regCtrl1, ctrl1MasterReset},
		{regAutoCalOffst, 0x41}, {regExcitCtrl, 0x42}, {regDetCtrl, 0x53}, {regCtrl1, ctrl1RegUpdate},
	}
	init3 = []regWrite{
		{0xff, 0x00}, {regCtrl1, ctrl1MasterReset}, {regAutoCalOffst, 0x41},
		{regExcitCtrl, 0x42}, {regDetCtrl, 0x53}, {regCtrl1, ctrl1RegUpdate},
	}
	init4 = []regWrite{
		{regCtrl1, ctrl1MasterReset}, {regExcitCtrl, 0x40}, {0xb0, 0x27}, {regEndRow, 0x0a},
		{regCtrl1, ctrl1RegUpdate}, {regDetCtrl, 0x45}, {regAutoCalOffst, 0x41},
	}
	init5 = []regWrite{
		{0xb0, 0x27}, {regCtrl1, ctrl1MasterReset}, {regExcitCtrl, 0x40}, {0xff, 0x00},
		{regCtrl1, ctrl1MasterReset}, {regExcitCtrl, 0x40}, {regCtrl1, ctrl1MasterReset}, {regExcitCtrl, 0x40},
		{regCtrl1, ctrl1MasterReset}, {regExcitCtrl, 0x40}, {regCtrl1, ctrl1MasterReset}, {regExcitCtrl, 0x40},
		{regCtrl1, ctrl1MasterReset}, {regExcitCtrl, 0x40}, {regCtrl1, ctrl1ScanReset}, {regCtrl1, ctrl1ScanReset},
	}
	readRegs = []regWrite{{regCtrl2, ctrl2ReadRegs}}
)

// fingerDetect asks for one finger-detection histogram.
var fingerDetect = []regWrite{
	{regCtrl1, ctrl1MasterReset}, {regExcitCtrl, 0x40},
	{regDetCtrl, detCtrlContinuous31ms}, {regColScan, colScan128us},
	{regMeasDrv, measDrvSquare0325}, {regMeasFreq, measFreq2MHz},
	{regDemodPhase1, 0}, {regDemodPhase2, 0}, {regChanGain, chanGain4x16x},
	{regADRefHi, 0x44}, {regADRefLo, 0x34}, {regStrtCol, 0x16}, {regEndCol, 0x16},
	{regDatFmt, datFmtBinImg | 0x08}, {regTReg1, 0x70}, {0xa2, 0x02}, {0xa7, 0x00},
	{regTRegC, tRegCEnable}, {regTRegD, 0x1a}, split,
	{regCtrl1, ctrl1RegUpdate}, {regCtrl2, ctrl2SetOneShot}, {regLPOnT, lpOnTMin},
}

// The capture: two calibration passes, then strips until the finger lifts.
var (
	capture1 = []regWrite{
		{regCtrl1, ctrl1MasterReset}, split,
		{regExcitCtrl, 0x40}, {regDetCtrl, detCtrlContinuous31ms}, {regColScan, colScan128us},
		{regDemodPhase2, 0x7c}, {regMeasDrv, measDrvSquare0325}, {regDemodPhase1, 0x24},
		{regChWord1, 0x00}, {regChWord2, 0x6c}, {regChWord3, 0x09}, {regChWord4, 0x54}, {regChWord5, 0x78},
		{0xa2, 0x02}, {0xa7, 0x00}, {0xb6, 0x26}, {0xb7, 0x1a}, {regCtrl1, ctrl1RegUpdate},
		{regImagCtrl, imagCtrlTstReg | imagCtrlHisto | imagCtrlNoImage},
		{regStrtCol, 0x10}, {regEndCol, 0x1f}, {regChanGain, chanGain2x2x},
		{regADRefHi, 0x70}, {regADRefLo, 0x20}, {regCtrl2, ctrl2SetOneShot}, {regLPOnT, lpOnTMin},
	}
	capture2 = []regWrite{
		{regImagCtrl, imagCtrlTstReg | imagCtrlHisto | imagCtrlNoImage},
		{regStrtCol, 0x10}, {regEndCol, 0x1f}, {regChanGain, chanGain16x},
		{regADRefHi, 0x70}, {regADRefLo, 0x20}, {regCtrl2, ctrl2SetOneShot},
	}
)

// stripRequest asks for one strip with the A/D reference adRefHi.
func stripRequest(adRefHi byte) []regWrite {
	return []regWrite{
		{regImagCtrl, imagCtrlTstReg | imagCtrlHisto},
		{regStrtCol, 0x00}, {regEndCol, 0x2f}, {regChanGain, chanGain16x},
		{regADRefHi, adRefHi}, {regADRefLo, 0x20}, {regCtrl2, ctrl2SetOneShot},
	}
}

// transfers groups writes into bulk transfers by aeslib's rules
// (aeslib.Batches): at most 16 pairs each, a write to register 0 (split)
// closing a group and sent nowhere.
func transfers(writes []regWrite) [][]byte {
	regs := make([]aeslib.RegWrite, len(writes))
	for i, w := range writes {
		regs[i] = aeslib.RegWrite{Reg: w.reg, Value: w.value}
	}
	return aeslib.Batches(regs)
}
