package audit

import (
	"context"

	"jikimi/errs"
)

// The tree's hashes as C2SP tlog-tiles, so an auditor can mirror them and
// check consistency and inclusion without the database (and without the
// entries: tiles hold hashes only). A tile holds up to TileWidth hashes of
// one tile level: level 0 the Merkle leaf hashes, level L the hashes of the
// perfect subtrees 8·L tree levels high, which the checkpointer stores
// (audit_nodes keeps every fourth tree level). Full tiles never change; a
// partial tile is a prefix of its later full self.

// TileHeight is the tile height C2SP tlog-tiles fixes: 2^8 hashes a tile.
const (
	TileHeight = 8
	TileWidth  = 1 << TileHeight
)

// Tile returns the first width hashes (1..TileWidth) of tile (level,
// index) of the tree of the latest checkpoint, concatenated. Hashes past
// that tree, and leaves pruned, are errs.NotFound.
func (l *Log) Tile(ctx context.Context, level, index, width int64) ([]byte, error) {
	if level < 0 || level > 7 || index < 0 || index >= 1<<40 || width < 1 || width > TileWidth {
		return nil, errs.E(errs.Invalid, "audit: no such tile")
	}
	cp, err := l.Latest(ctx)
	if err != nil {
		return nil, err
	}
	first := index * TileWidth
	if cp == nil || first+width > cp.Size>>(TileHeight*level) {
		return nil, errs.E(errs.NotFound, "audit: the published tree does not reach that tile")
	}
	var hs [][]byte
	if level == 0 {
		hs, err = entryHashes(ctx, l.sql.Reader(), first, first+width)
		for i := range hs {
			hs[i] = leafHash(hs[i])
		}
	} else {
		hs, err = readHashes(ctx, l.sql.Reader(), `SELECT hash FROM audit_nodes WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx`,
			TileHeight*level, first, first+width)
	}
	if err != nil {
		return nil, err
	}
	if int64(len(hs)) != width {
		return nil, errs.E(errs.NotFound, "audit: that tile's hashes were pruned or are not stored")
	}
	return packHashes(hs), nil
}
