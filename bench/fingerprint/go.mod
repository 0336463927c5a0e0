module aalogon/bench/fingerprint

go 1.26.8

require (
	aalogon v0.0.0
	github.com/jtejido/sourceafis v0.0.2-beta
)

require (
	github.com/BurntSushi/toml v1.5.0 // indirect
	github.com/emirpasic/gods v1.18.1 // indirect
	github.com/fxamacker/cbor/v2 v2.5.0 // indirect
	github.com/jtejido/go-wsq v0.0.3-beta // indirect
	github.com/mcuadros/go-defaults v1.2.0 // indirect
	github.com/x448/float16 v0.8.4 // indirect
	golang.org/x/exp v0.0.0-20231006140011-7918f672742d // indirect
)

replace aalogon => ../..

replace github.com/jtejido/sourceafis => github.com/jtejido/go-sourceafis v0.0.2-beta
