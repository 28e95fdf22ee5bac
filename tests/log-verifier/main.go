// An independent check of hocba's transparency log with Go's golang.org/x/mod/sumdb/{note,tlog} (Debian's
// golang-golang-x-mod-dev; built in GOPATH mode, nothing downloaded). It reads a log exported as static C2SP
// tlog-tiles files and exits non-zero, saying why, unless:
//   - the checkpoint is a note signed by the verifier key, for the expected origin;
//   - every hash tile is consistent with the checkpoint's root (tlog.TileHashReader checks each tile it reads);
//   - every entry in the entry bundles hashes to its leaf (tlog.RecordHash);
//   - the tlog-proof, if given, proves its entry file at its index (tlog.CheckRecord);
//   - the older checkpoint, if given, is a prefix of this one (tlog.ProveTree from the tiles, then tlog.CheckTree).
//
// usage: verifier DIR VERIFIER_KEY ORIGIN [-proof FILE -entry FILE] [-old CHECKPOINT]
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type checkpoint struct {
	size int64
	root tlog.Hash
}

func openCheckpoint(path string, verifiers note.Verifiers, origin string) (checkpoint, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return checkpoint{}, err
	}
	n, err := note.Open(raw, verifiers)
	if err != nil {
		return checkpoint{}, fmt.Errorf("checkpoint %s: %v", path, err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] != origin {
		return checkpoint{}, fmt.Errorf("checkpoint %s: not a checkpoint of %s", path, origin)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 {
		return checkpoint{}, fmt.Errorf("checkpoint %s: bad size %q", path, lines[1])
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		return checkpoint{}, fmt.Errorf("checkpoint %s: bad root: %v", path, err)
	}
	return checkpoint{size, root}, nil
}

// C2SP paths: tile/<L>/<N>[.p/<W>], N in 3-digit groups, all but the last prefixed with x (no height in the path).
func tilePath(level string, n int64, w int) string {
	digits := strconv.FormatInt(n, 10)
	for len(digits)%3 != 0 {
		digits = "0" + digits
	}
	var groups []string
	for i := 0; i < len(digits); i += 3 {
		groups = append(groups, digits[i:i+3])
	}
	for i := 0; i < len(groups)-1; i++ {
		groups[i] = "x" + groups[i]
	}
	path := "tile/" + level + "/" + strings.Join(groups, "/")
	if w < 256 {
		path += ".p/" + strconv.Itoa(w)
	}
	return path
}

type dirTiles struct{ dir string }

func (d dirTiles) Height() int { return 8 }
func (d dirTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		data, err := os.ReadFile(filepath.Join(d.dir, tilePath(strconv.Itoa(t.L), t.N, t.W)))
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}
func (d dirTiles) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

func entries(dir string, size int64) ([][]byte, error) {
	var all [][]byte
	for n := int64(0); n*256 < size; n++ {
		w := 256
		if (n+1)*256 > size {
			w = int(size - n*256)
		}
		data, err := os.ReadFile(filepath.Join(dir, tilePath("entries", n, w)))
		if err != nil {
			return nil, err
		}
		for len(data) > 0 {
			if len(data) < 2 || len(data) < 2+int(binary.BigEndian.Uint16(data)) {
				return nil, errors.New("entry bundle cut short")
			}
			l := int(binary.BigEndian.Uint16(data))
			all = append(all, data[2:2+l])
			data = data[2+l:]
		}
		if int64(len(all)) != n*256+int64(w) {
			return nil, fmt.Errorf("entry bundle %d holds %d entries, not %d", n, int64(len(all))-n*256, w)
		}
	}
	return all, nil
}

func run() error {
	proofPath := flag.String("proof", "", "a c2sp.org/tlog-proof@v1 file")
	entryPath := flag.String("entry", "", "the entry the proof is for")
	oldPath := flag.String("old", "", "an older checkpoint of the same log")
	flag.Parse()
	if flag.NArg() != 3 {
		return errors.New("usage: verifier DIR VERIFIER_KEY ORIGIN [-proof FILE -entry FILE] [-old CHECKPOINT]")
	}
	dir, vkey, origin := flag.Arg(0), flag.Arg(1), flag.Arg(2)
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		return err
	}
	verifiers := note.VerifierList(verifier)
	head, err := openCheckpoint(filepath.Join(dir, "checkpoint"), verifiers, origin)
	if err != nil {
		return err
	}
	tree := tlog.Tree{N: head.size, Hash: head.root}
	hashes := tlog.TileHashReader(tree, dirTiles{dir})
	root, err := tlog.TreeHash(head.size, hashes)
	if err != nil {
		return fmt.Errorf("tiles: %v", err)
	}
	if root != head.root {
		return errors.New("tiles: the tree hash differs from the checkpoint's root")
	}
	all, err := entries(dir, head.size)
	if err != nil {
		return fmt.Errorf("entries: %v", err)
	}
	indexes := make([]int64, len(all))
	for i := range all {
		indexes[i] = tlog.StoredHashIndex(0, int64(i))
	}
	leaves, err := hashes.ReadHashes(indexes)
	if err != nil {
		return fmt.Errorf("tiles: %v", err)
	}
	for i, e := range all {
		if tlog.RecordHash(e) != leaves[i] {
			return fmt.Errorf("entry %d does not hash to its leaf", i)
		}
	}
	fmt.Printf("checkpoint %d entries, root %s: tiles and entries verified\n", head.size, head.root)

	if *proofPath != "" {
		text, err := os.ReadFile(*proofPath)
		if err != nil {
			return err
		}
		entry, err := os.ReadFile(*entryPath)
		if err != nil {
			return err
		}
		parts := bytes.SplitN(text, []byte("\n\n"), 2)
		if len(parts) != 2 {
			return errors.New("proof: no checkpoint")
		}
		lines := strings.Split(string(parts[0]), "\n")
		if lines[0] != "c2sp.org/tlog-proof@v1" || !strings.HasPrefix(lines[1], "index ") {
			return errors.New("proof: not a c2sp.org/tlog-proof@v1")
		}
		index, err := strconv.ParseInt(strings.TrimPrefix(lines[1], "index "), 10, 64)
		if err != nil {
			return err
		}
		var proof tlog.RecordProof
		for _, line := range lines[2:] {
			raw, err := base64.StdEncoding.DecodeString(line)
			if err != nil || len(raw) != tlog.HashSize {
				return fmt.Errorf("proof: bad hash %q", line)
			}
			var h tlog.Hash
			copy(h[:], raw)
			proof = append(proof, h)
		}
		n, err := note.Open(parts[1], verifiers)
		if err != nil {
			return fmt.Errorf("proof's checkpoint: %v", err)
		}
		cl := strings.Split(n.Text, "\n")
		if len(cl) < 4 || cl[0] != origin {
			return errors.New("proof's checkpoint: wrong origin")
		}
		size, err := strconv.ParseInt(cl[1], 10, 64)
		if err != nil {
			return err
		}
		proofRoot, err := tlog.ParseHash(cl[2])
		if err != nil {
			return err
		}
		if err := tlog.CheckRecord(proof, size, proofRoot, index, tlog.RecordHash(entry)); err != nil {
			return fmt.Errorf("proof: %v", err)
		}
		fmt.Printf("proof: entry %d is in the tree of %d\n", index, size)
	}

	if *oldPath != "" {
		old, err := openCheckpoint(*oldPath, verifiers, origin)
		if err != nil {
			return err
		}
		p, err := tlog.ProveTree(head.size, old.size, hashes)
		if err != nil {
			return fmt.Errorf("consistency: %v", err)
		}
		if err := tlog.CheckTree(p, head.size, head.root, old.size, old.root); err != nil {
			return fmt.Errorf("consistency: %v", err)
		}
		fmt.Printf("consistency: the tree of %d is a prefix of the tree of %d\n", old.size, head.size)
	}
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "verifier:", err)
		os.Exit(1)
	}
}
