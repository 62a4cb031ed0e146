#!/usr/bin/env bash
# Builds the libFuzzer targets (docs/fuzzing.md): the library targets with the fuzzer and
# AddressSanitizer instrumentation in .build-fuzz, then each Fuzz/<name>.swift linked with
# swiftc (SwiftPM cannot link an executable target as a fuzzer).
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=.build-fuzz
# Optimised (a debug build fuzzes several times slower); -enable-testing for the entries'
# @testable imports.
FLAGS=(-c release -Xswiftc -enable-testing -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address)
swift build --scratch-path "$SCRATCH" --target LadderPackTests "${FLAGS[@]}" >&2
swift build --scratch-path "$SCRATCH" --target LadderImport "${FLAGS[@]}" >&2
BUILT="$SCRATCH/release"
objects() { for t in "$@"; do find "$BUILT/$t.build/" -name '*.o'; done; }
# Folders with the module maps of the C modules the Swift modules import.
includes=()
while read -r map; do includes+=(-I "$(dirname "$map")"); done < <(find Sources "$SCRATCH/checkouts" -name module.modulemap; find "$BUILT/" -maxdepth 2 -name module.modulemap)
link() {  # name, targets...
    local name=$1; shift
    swiftc -O -sanitize=fuzzer,address -parse-as-library -package-name main -I "$BUILT/Modules" "${includes[@]}" $(pkg-config --cflags-only-I lua5.4 | sed "s/-I/-Xcc -I/g") \
        "Fuzz/$name.swift" $(objects "$@") $(pkg-config --libs lua5.4) -o "$SCRATCH/fuzz-$name" 2>&1 | grep -v "Cannot export local symbol" >&2 || true
    test -x "$SCRATCH/fuzz-$name"
    echo "$SCRATCH/fuzz-$name"
}
crypto=(LadderModel Crypto CCryptoBoringSSL CCryptoBoringSSLShims CryptoBoringWrapper)
yams=(Yams CYaml)
link snapshot LadderSnapshots "${crypto[@]}"
link manifest LadderPacks "${yams[@]}" "${crypto[@]}"
link packtests LadderPackTests LadderEngine LuaBridge CLuaShim LadderPacks LadderSnapshots "${yams[@]}" "${crypto[@]}"
link bridge LuaBridge CLuaShim
link import LadderImport LadderSnapshots LadderPacks CSV "${yams[@]}" "${crypto[@]}"
