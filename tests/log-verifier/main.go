// An independent check of hocba's transparency log with Go's golang.org/x/mod/sumdb/{note,tlog} (Debian's
// golang-golang-x-mod-dev; built in GOPATH mode, nothing downloaded). It reads a log's C2SP tlog-tiles files,
// either exported as static files in a DIR or served live under <URL>/log/ (net/http, a 404 is a missing file),
// and exits non-zero, saying why, unless:
//   - the checkpoint is a note signed by the verifier key, for the expected origin;
//   - every hash tile is consistent with the checkpoint's root (tlog.TileHashReader checks each tile it reads);
//   - every entry in the entry bundles hashes to its leaf (tlog.RecordHash);
//   - the tlog-proof, if given, proves its entry at its index (tlog.CheckRecord) under a checkpoint signed by the
//     same key, and that checkpoint is a prefix of the log's (so the proof is not from a forked tree); the entry is
//     the -entry file, or else the proof's own `extra` line (hocba's record proofs carry their entry there);
//   - the older checkpoint, if given, is a prefix of this one (tlog.ProveTree from the tiles, then tlog.CheckTree).
//
// A VERIFIER_KEY of "-" takes the key the log serves (<source>/key), printed as "key: ..." for the caller to
// compare with the one it expects: it only proves the log agrees with itself, not that it is the right log.
//
// usage: verifier [-proof FILE [-entry FILE]] [-old CHECKPOINT] DIR|URL VERIFIER_KEY|- ORIGIN
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type checkpoint struct {
	size int64
	root tlog.Hash
}

func openCheckpoint(name string, raw []byte, verifiers note.Verifiers, origin string) (checkpoint, error) {
	n, err := note.Open(raw, verifiers)
	if err != nil {
		return checkpoint{}, fmt.Errorf("%s: %v", name, err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] != origin {
		return checkpoint{}, fmt.Errorf("%s: not a checkpoint of %s", name, origin)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 {
		return checkpoint{}, fmt.Errorf("%s: bad size %q", name, lines[1])
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		return checkpoint{}, fmt.Errorf("%s: bad root: %v", name, err)
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

// A log's files by their path under the log's root ("checkpoint", "key", "tile/..."), wherever they are.
type source func(path string) ([]byte, error)

func dirSource(dir string) source {
	return func(path string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, filepath.FromSlash(path))) }
}

// The largest file a log serves is a full entry bundle: 256 entries of at most 2+65535 bytes.
const maxFile = 256 * (2 + 65535)

func urlSource(base string) source {
	client := &http.Client{Timeout: 30 * time.Second}
	root := strings.TrimSuffix(base, "/") + "/log/"
	return func(path string) ([]byte, error) {
		resp, err := client.Get(root + path)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode == http.StatusNotFound {
			return nil, fmt.Errorf("%s%s: missing (404)", root, path)
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("%s%s: HTTP %d", root, path, resp.StatusCode)
		}
		data, err := io.ReadAll(io.LimitReader(resp.Body, maxFile+1))
		if err != nil {
			return nil, fmt.Errorf("%s%s: %v", root, path, err)
		}
		if len(data) > maxFile {
			return nil, fmt.Errorf("%s%s: larger than any log file", root, path)
		}
		return data, nil
	}
}

type sourceTiles struct{ read source }

func (d sourceTiles) Height() int { return 8 }
func (d sourceTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		data, err := d.read(tilePath(strconv.Itoa(t.L), t.N, t.W))
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}
func (d sourceTiles) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

func entries(read source, size int64) ([][]byte, error) {
	var all [][]byte
	for n := int64(0); n*256 < size; n++ {
		w := 256
		if (n+1)*256 > size {
			w = int(size - n*256)
		}
		data, err := read(tilePath("entries", n, w))
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

// A c2sp.org/tlog-proof@v1: header, optional "extra <base64>", "index N", the path's hashes, a blank line, the
// signed checkpoint.
type entryProof struct {
	index      int64
	path       tlog.RecordProof
	extra      []byte
	checkpoint []byte
}

func parseProof(text []byte) (entryProof, error) {
	parts := bytes.SplitN(text, []byte("\n\n"), 2)
	if len(parts) != 2 {
		return entryProof{}, errors.New("proof: no checkpoint")
	}
	lines := strings.Split(string(parts[0]), "\n")
	if lines[0] != "c2sp.org/tlog-proof@v1" {
		return entryProof{}, errors.New("proof: not a c2sp.org/tlog-proof@v1")
	}
	lines = lines[1:]
	var p entryProof
	if len(lines) > 0 && strings.HasPrefix(lines[0], "extra ") {
		extra, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(lines[0], "extra "))
		if err != nil {
			return entryProof{}, fmt.Errorf("proof: bad extra: %v", err)
		}
		p.extra = extra
		lines = lines[1:]
	}
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "index ") {
		return entryProof{}, errors.New("proof: no index line")
	}
	index, err := strconv.ParseInt(strings.TrimPrefix(lines[0], "index "), 10, 64)
	if err != nil || index < 0 {
		return entryProof{}, fmt.Errorf("proof: bad index %q", lines[0])
	}
	p.index = index
	for _, line := range lines[1:] {
		raw, err := base64.StdEncoding.DecodeString(line)
		if err != nil || len(raw) != tlog.HashSize {
			return entryProof{}, fmt.Errorf("proof: bad hash %q", line)
		}
		var h tlog.Hash
		copy(h[:], raw)
		p.path = append(p.path, h)
	}
	p.checkpoint = parts[1]
	return p, nil
}

func run() error {
	proofPath := flag.String("proof", "", "a c2sp.org/tlog-proof@v1 file")
	entryPath := flag.String("entry", "", "the entry the proof is for (default: the proof's extra)")
	oldPath := flag.String("old", "", "an older checkpoint of the same log")
	flag.Parse()
	if flag.NArg() != 3 {
		return errors.New("usage: verifier [-proof FILE [-entry FILE]] [-old CHECKPOINT] DIR|URL VERIFIER_KEY|- ORIGIN")
	}
	where, vkey, origin := flag.Arg(0), flag.Arg(1), flag.Arg(2)
	read, root := dirSource(where), filepath.Join(where, "")
	if strings.HasPrefix(where, "http://") || strings.HasPrefix(where, "https://") {
		read, root = urlSource(where), strings.TrimSuffix(where, "/")+"/log"
	}
	if vkey == "-" {
		served, err := read("key")
		if err != nil {
			return fmt.Errorf("key: %v", err)
		}
		vkey = strings.TrimSpace(string(served))
		fmt.Printf("key: %s\n", vkey)
	}
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		return fmt.Errorf("key: %v", err)
	}
	verifiers := note.VerifierList(verifier)
	raw, err := read("checkpoint")
	if err != nil {
		return fmt.Errorf("checkpoint: %v", err)
	}
	head, err := openCheckpoint("checkpoint "+root+"/checkpoint", raw, verifiers, origin)
	if err != nil {
		return err
	}
	tree := tlog.Tree{N: head.size, Hash: head.root}
	hashes := tlog.TileHashReader(tree, sourceTiles{read})
	treeRoot, err := tlog.TreeHash(head.size, hashes)
	if err != nil {
		return fmt.Errorf("tiles: %v", err)
	}
	if treeRoot != head.root {
		return errors.New("tiles: the tree hash differs from the checkpoint's root")
	}
	all, err := entries(read, head.size)
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
		p, err := parseProof(text)
		if err != nil {
			return err
		}
		entry := p.extra
		if *entryPath != "" {
			if entry, err = os.ReadFile(*entryPath); err != nil {
				return err
			}
		} else if entry == nil {
			return errors.New("proof: no -entry and no extra line to take the entry from")
		}
		at, err := openCheckpoint("the proof's checkpoint", p.checkpoint, verifiers, origin)
		if err != nil {
			return err
		}
		if err := tlog.CheckRecord(p.path, at.size, at.root, p.index, tlog.RecordHash(entry)); err != nil {
			return fmt.Errorf("proof: %v", err)
		}
		// A proof under a checkpoint the log itself does not extend would prove the entry in a fork.
		if at.size > head.size {
			return fmt.Errorf("the proof's checkpoint (%d entries) is newer than the log's (%d); fetch the log again", at.size, head.size)
		}
		c, err := tlog.ProveTree(head.size, at.size, hashes)
		if err != nil {
			return fmt.Errorf("the proof's checkpoint: %v", err)
		}
		if err := tlog.CheckTree(c, head.size, head.root, at.size, at.root); err != nil {
			return fmt.Errorf("the proof's checkpoint is not a prefix of the log's: %v", err)
		}
		fmt.Printf("proof: entry %d is in the tree of %d\n", p.index, at.size)
		fmt.Printf("entry: %s\n", strings.SplitN(string(entry), "\n", 2)[0])
	}

	if *oldPath != "" {
		raw, err := os.ReadFile(*oldPath)
		if err != nil {
			return err
		}
		old, err := openCheckpoint("checkpoint "+*oldPath, raw, verifiers, origin)
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
